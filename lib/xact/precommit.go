// Pre-commit hooks: work a committing transaction does last, while it
// can still fail and roll back (PostgreSQL's CommitTransaction calls
// PreCommit_on_commit_actions there, which empties or drops temporary
// tables with ON COMMIT DELETE ROWS or DROP).

package xact

import "sort"

// SetPreCommit installs f, under name (replacing an earlier hook of that
// name; nil removes it), to run at every top-level commit of the session
// before the commit record is written. Hooks run in name order; an error
// rolls the transaction back and is the commit's error.
func (x *Transaction) SetPreCommit(name string, f func() error) {
	if f == nil {
		delete(x.preCommit, name)
		return
	}
	if x.preCommit == nil {
		x.preCommit = map[string]func() error{}
	}
	x.preCommit[name] = f
}

func (x *Transaction) runPreCommit() error {
	if len(x.preCommit) == 0 {
		return nil
	}
	names := make([]string, 0, len(x.preCommit))
	for n := range x.preCommit {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := x.preCommit[n](); err != nil {
			return err
		}
	}
	return nil
}
