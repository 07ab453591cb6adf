// LISTEN, UNLISTEN and NOTIFY (PostgreSQL's async.c through utility.c):
// the statements hand their channel to the session's expr.AsyncNotify,
// which acts when the transaction commits.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

func (s *sqlCtx) asyncNotify(f func(expr.AsyncNotify) error) error {
	a, ok := s.env.(expr.AsyncNotify)
	if !ok {
		return pgerr.New(pgerr.FeatureNotSupported, "LISTEN and NOTIFY are not available in this session")
	}
	return f(a)
}
