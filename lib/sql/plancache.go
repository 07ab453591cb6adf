// Generic and custom plans of prepared statements, as PostgreSQL's
// plancache.c chooses them (choose_custom_plan): a statement with
// parameters is planned for its values (a custom plan) at its first five
// executions; after that the plan made at PREPARE with the parameters
// unknown (the generic plan) runs when its estimated cost is below the
// average cost of those custom plans, counting what planning them cost.
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

// choosePlan returns the plan to run with params (GetCachedPlan): the
// plan made at preparation, analyzed again if stale, or a custom plan
// for params (custom set).
func (p *Plan) choosePlan(s *sqlCtx, params []types.Datum) (st *planState, custom bool, err error) {
	st, err = p.revalidate(s)
	if err != nil || p.simple || p.routine != nil || p.keyLookup || st.root == nil {
		return st, false, err
	}
	c := &p.choices
	c.mu.Lock()
	defer c.mu.Unlock()
	if !p.chooseCustom(s, st, params) {
		c.generic++
		return st, false, nil
	}
	// PostgreSQL plans a custom plan from the analysis it keeps; the
	// analysis made again here sends none of its WARNINGs a second time.
	held, n, quiet := s.holdWarnings, len(s.typeWarnings), s.quiet
	s.holdWarnings, s.quiet = true, true
	st, _, _, err = p.analyzeBound(s, p.params, params)
	s.holdWarnings, s.typeWarnings, s.quiet = held, s.typeWarnings[:n], quiet
	if err != nil {
		return nil, false, err
	}
	c.custom++
	c.customCost += s.planCost(st, true)
	return st, true, nil
}

// chooseCustom is choose_custom_plan, under p.choices.mu.
func (p *Plan) chooseCustom(s *sqlCtx, generic *planState, params []types.Datum) bool {
	if len(params) == 0 {
		return false
	}
	mode, _, err := s.env.GetConfig("plan_cache_mode", true)
	switch {
	case err != nil:
		return false
	case mode == "force_generic_plan":
		return false
	case mode == "force_custom_plan":
		return true
	}
	c := &p.choices
	if c.custom < customPlansFirst {
		return true
	}
	if c.genericOf != generic {
		c.genericCost, c.genericOf = s.planCost(generic, false), generic
	}
	return c.genericCost >= c.customCost/float64(c.custom)
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
	if st == nil || st.root == nil {
		return 0
	}
	return newCtx(context.Background(), env).planCost(st, planning)
}
