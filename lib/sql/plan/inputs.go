// This file lists the inputs of each plan node, for the code that walks
// whole plans (EXPLAIN, estimates).

package plan

// Inputs are the nodes whose rows n reads (the plan nodes it runs),
// a CTEScope's WITH queries first.
func Inputs(n Node) []Node {
	switch v := n.(type) {
	case *SubqueryScan:
		return []Node{v.Input}
	case *CTEScope:
		return append(append([]Node{}, v.Inputs...), v.Input)
	case *NestLoop:
		return []Node{v.Outer, v.Inner}
	case *HashJoin:
		return []Node{v.Outer, v.Inner}
	case *MergeJoin:
		return []Node{v.Outer, v.Inner}
	case *Materialize:
		return []Node{v.Input}
	case *Filter:
		return []Node{v.Input}
	case *Project:
		return []Node{v.Input}
	case *ProjectSet:
		return []Node{v.Input}
	case *Agg:
		return []Node{v.Input}
	case *WindowAgg:
		return []Node{v.Input}
	case *Sort:
		return []Node{v.Input}
	case *Unique:
		return []Node{v.Input}
	case *HashSetOp:
		return []Node{v.Left, v.Right}
	case *RecursiveUnion:
		return []Node{v.NonRecursive, v.Recursive}
	case *Limit:
		return []Node{v.Input}
	case *LockRows:
		return []Node{v.Input}
	case *Trim:
		return []Node{v.Input}
	case *Refetch:
		return []Node{v.Input}
	case *ModifyTable:
		return []Node{v.Input}
	}
	return nil
}
