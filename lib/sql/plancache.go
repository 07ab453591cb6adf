// Generic and custom plans of prepared statements, as PostgreSQL's
// plancache.c chooses them (choose_custom_plan): a statement with
// parameters is planned for its values (a custom plan) at its first five
// executions; after that the plan for the parameters unknown (the
// generic plan) runs when its estimated cost is below the average cost
// of those custom plans, counting what planning them cost. Preparing
// such a statement only analyzes it: the first plan made takes that
// analysis, and the generic plan is made when first run or weighed.
// plan_cache_mode forces either. pg_prepared_statements shows the counts.
//
// Statements sent as text (simple protocol), SQL routine bodies and the
// foreign-key checks' own statements always run the plan they have.

package sql

import (
	"context"
	"sync"

	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// customPlansFirst is how many custom plans a prepared statement is
// planned with before the generic plan is weighed against them.
const customPlansFirst = 5

// planChoices is what a Plan learned of its plans.
type planChoices struct {
	mu              sync.Mutex
	generic, custom int64
	// customCost sums the custom plans' costs with planning.
	customCost float64
	// genericCost is the cost of the generic plan genericOf.
	genericCost float64
	genericOf   *planState
}

// PlanCounts returns how many times a prepared statement ran its generic
// plan and how many custom plans it made (pg_prepared_statements).
func (p *Plan) PlanCounts() (generic, custom int64) {
	p.choices.mu.Lock()
	defer p.choices.mu.Unlock()
	return p.choices.generic, p.choices.custom
}

// deferredPlan is what a statement with deferPlanning needs to plan on
// demand: PostgreSQL analyzes such a statement when it is prepared and
// plans it when it runs, a custom plan from the analysis it keeps, and
// makes the generic plan only when it runs it or weighs its cost.
type deferredPlan struct {
	mu sync.Mutex
	// spare is the analysis no plan was made from yet (planning changes
	// it): the first plan made, custom or generic, takes it; later ones
	// analyze the statement again.
	spare *plan.Query
	// planned: the planState's root is the generic plan.
	planned bool
}

// choosePlan returns the plan to run with params (GetCachedPlan): the
// plan made at preparation, analyzed again if stale, or a custom plan
// for params (custom set).
func (p *Plan) choosePlan(s *sqlCtx, params []types.Datum) (st *planState, custom bool, err error) {
	st, err = p.revalidate(s)
	if err != nil || p.simple || p.routine != nil || p.keyLookup || st.root == nil && st.deferred == nil {
		return st, false, err
	}
	c := &p.choices
	c.mu.Lock()
	defer c.mu.Unlock()
	useCustom, err := p.chooseCustom(s, st, params)
	if err != nil {
		return nil, false, err
	}
	if !useCustom {
		if err := p.genericPlan(s, st); err != nil {
			return nil, false, err
		}
		c.generic++
		return st, false, nil
	}
	st, err = p.customPlan(s, st, params)
	if err != nil {
		return nil, false, err
	}
	c.custom++
	c.customCost += s.planCost(st, true)
	return st, true, nil
}

// genericPlan makes st's plan if it was deferred.
func (p *Plan) genericPlan(s *sqlCtx, st *planState) error {
	d := st.deferred
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.planned {
		return nil
	}
	q := d.spare
	if q == nil {
		var err error
		if q, err = p.analyzeAgain(s); err != nil {
			return err
		}
	}
	d.spare = nil
	st.root = s.buildPlan(p, q, nil)
	d.planned = true
	return nil
}

// customPlan plans the statement of st, a valid analysis, for params:
// from st's analysis when no plan took it yet, else from a new one.
func (p *Plan) customPlan(s *sqlCtx, st *planState, params []types.Datum) (*planState, error) {
	var q *plan.Query
	var custom planState
	if d := st.deferred; d != nil {
		d.mu.Lock()
		q, d.spare = d.spare, nil
		custom = *st
		d.mu.Unlock()
	} else {
		custom = *st
	}
	if q == nil {
		var err error
		if q, err = p.analyzeAgain(s); err != nil {
			return nil, err
		}
	}
	custom.deferred, custom.query = nil, q
	custom.root = s.buildPlan(p, q, params)
	return &custom, nil
}

// analyzeAgain analyzes the statement again for one more plan, with the
// parameter types of the first analysis. PostgreSQL plans from the
// analysis it keeps, so this one sends none of its WARNINGs a second
// time.
func (p *Plan) analyzeAgain(s *sqlCtx) (*plan.Query, error) {
	held, n, quiet := s.holdWarnings, len(s.typeWarnings), s.quiet
	s.holdWarnings, s.quiet = true, true
	_, q, _, err := p.analyzeOnly(s, p.params)
	s.holdWarnings, s.typeWarnings, s.quiet = held, s.typeWarnings[:n], quiet
	return q, err
}

// chooseCustom is choose_custom_plan, under p.choices.mu. Weighing the
// generic plan's cost makes it.
func (p *Plan) chooseCustom(s *sqlCtx, generic *planState, params []types.Datum) (bool, error) {
	if len(params) == 0 {
		return false, nil
	}
	mode, _, err := s.env.GetConfig("plan_cache_mode", true)
	switch {
	case err != nil:
		return false, nil
	case mode == "force_generic_plan":
		return false, nil
	case mode == "force_custom_plan":
		return true, nil
	}
	c := &p.choices
	if c.custom < customPlansFirst {
		return true, nil
	}
	if c.genericOf != generic {
		if err := p.genericPlan(s, generic); err != nil {
			return false, err
		}
		c.genericCost, c.genericOf = s.planCost(generic, false), generic
	}
	return c.genericCost >= c.customCost/float64(c.custom), nil
}

// planCost is a plan's estimated total cost, as EXPLAIN shows it; with
// planning, plus what PostgreSQL's plan cache reckons planning it costs
// (cached_plan_cost).
func (s *sqlCtx) planCost(st *planState, planning bool) float64 {
	total := plan.Estimates(st.root, s.tableInfo, s.workMemBytes())[st.root].Total
	if planning {
		total += plan.PlanningCostPerRelation * float64(len(st.tables)+1)
	}
	return total
}

// EstimatedCost is the plan's estimated total cost (planCost); 0 for a
// statement that has no plan.
func (p *Plan) EstimatedCost(env Env, planning bool) float64 {
	st := p.state.Load()
	if st == nil || st.root == nil && st.deferred == nil {
		return 0
	}
	s := newCtx(context.Background(), env)
	if p.genericPlan(s, st) != nil {
		return 0
	}
	return s.planCost(st, planning)
}
