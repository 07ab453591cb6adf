// What the tests of package sql_test may look at inside a Plan.

package sql

// DeferredPlanning reports what a prepared statement holds of its
// planning: whether its generic plan is made, and whether the analysis
// made when it was prepared is still unplanned.
func DeferredPlanning(p *Plan) (genericPlanned, spareAnalysis bool) {
	st := p.state.Load()
	if st == nil {
		return false, false
	}
	d := st.deferred
	if d == nil {
		return st.root != nil, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.planned, d.spare != nil
}
