// The interface every parse-tree message implements, and the small node
// constructors lib/sql uses.

package pgtree

// Message is a parse-tree message: a pointer to one of the generated
// struct types.
type Message interface {
	// EachChild calls fn with each message directly under this one, in
	// the order pg_query.proto declares the fields (which is the order of
	// PostgreSQL's raw_expression_tree_walker), list elements in order,
	// skipping nil ones. It stops when fn returns false and reports
	// whether it went through. A nil message has no children.
	EachChild(fn func(Slot, Message) bool) bool
	// Child returns the message in slot s, or nil.
	ChildAt(s Slot) Message
	message()
}

// Slot names a place under a message: a field number, and for a list
// field the element's index (-1 for a field that holds one message).
type Slot struct {
	Field int32
	Index int32
}

// Walk calls visit for m and, depth first, every message under it, until
// visit returns false for one; it reports whether it went through. A
// visit that returns true for a message goes on into its children.
func Walk(m Message, visit func(Message) bool) bool {
	if !visit(m) {
		return false
	}
	return m.EachChild(func(_ Slot, c Message) bool { return Walk(c, visit) })
}

// MakeStrNode is a String node.
func MakeStrNode(str string) *Node {
	return &Node{Node: &Node_String_{String_: &String{Sval: str}}}
}

// MakeAConstIntNode is an integer constant at location.
func MakeAConstIntNode(ival int64, location int32) *Node {
	return &Node{Node: &Node_AConst{AConst: &A_Const{Val: &A_Const_Ival{Ival: &Integer{Ival: int32(ival)}}, Location: location}}}
}

// MakeResTargetNodeWithVal is a target list entry computing val.
func MakeResTargetNodeWithVal(val *Node, location int32) *Node {
	return &Node{Node: &Node_ResTarget{ResTarget: &ResTarget{Val: val, Location: location}}}
}

// MakeColumnRefNode is a column reference made of fields.
func MakeColumnRefNode(fields []*Node, location int32) *Node {
	return &Node{Node: &Node_ColumnRef{ColumnRef: &ColumnRef{Fields: fields, Location: location}}}
}

// MakeCaseExprNode is a CASE expression.
func MakeCaseExprNode(arg *Node, args []*Node, location int32) *Node {
	return &Node{Node: &Node_CaseExpr{CaseExpr: &CaseExpr{Arg: arg, Args: args, Location: location}}}
}

// MakeCaseWhenNode is one WHEN arm of a CASE expression.
func MakeCaseWhenNode(expr *Node, result *Node, location int32) *Node {
	return &Node{Node: &Node_CaseWhen{CaseWhen: &CaseWhen{Expr: expr, Result: result, Location: location}}}
}

// MakeAExprNode is an operator expression.
func MakeAExprNode(kind A_Expr_Kind, name []*Node, lexpr *Node, rexpr *Node, location int32) *Node {
	return &Node{Node: &Node_AExpr{AExpr: &A_Expr{Kind: kind, Name: name, Lexpr: lexpr, Rexpr: rexpr, Location: location}}}
}
