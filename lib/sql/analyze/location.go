// This file finds positions the parse tree does not record.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/gpostgres/gpostgres/lib/sql/parser"
)

// minLocation is the smallest location of any node within m, or -1.
func minLocation(m protoreflect.Message) int32 {
	best := int32(-1)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		var l int32 = -1
		switch {
		case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
			l = int32(v.Int())
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				if x := minLocation(list.Get(i).Message()); x >= 0 && (l < 0 || x < l) {
					l = x
				}
			}
		case !fd.IsList() && !fd.IsMap() && fd.Kind() == protoreflect.MessageKind:
			l = minLocation(v.Message())
		}
		if l >= 0 && (best < 0 || l < best) {
			best = l
		}
		return true
	})
	return best
}

// subselectLocation is where PostgreSQL 15 reports a parenthesized
// subquery to start: its opening parenthesis.
func (s *state) subselectLocation(sub *pg_query.Node) int32 {
	inner := minLocation(sub.ProtoReflect())
	if inner < 0 {
		return -1
	}
	return parser.SubselectStart(s.query, inner)
}
