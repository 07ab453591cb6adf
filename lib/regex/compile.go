package regex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type opcode uint8

const (
	opRune    opcode = iota // one character (any of folds when case-insensitive)
	opAny                   // any character ("." : not a newline under NewlineStop)
	opClass                 // a bracket expression or class escape
	opSplit                 // try x, then y
	opJmp                   // go to x
	opSave                  // record the position in capture slot arg
	opMark                  // record the position in loop register arg
	opCheck                 // leave the loop (to x) unless the position moved since loop register arg
	opClear                 // unset capture slots x..y-1 (a new iteration)
	opAssert                // zero-width constraint arg (an assertKind)
	opLook                  // lookaround constraint arg (index into looks)
	opBackref               // the text of capture arg again
	opMatch
)

type inst struct {
	op    opcode
	x, y  int
	arg   int
	r     rune
	folds []rune // the other cases of r when case-insensitive
	cls   *charClass
}

// lookaround is a compiled (?=...), (?!...), (?<=...) or (?<!...).
type lookaround struct {
	prog   *program
	behind bool
	negate bool
}

type program struct {
	insts []inst
	looks []*lookaround
	nregs int // loop registers
	// emptyLoops is set when a loop's body can match the empty string:
	// then the loop registers matter to the outcome and the backtracking
	// search may not prune by position alone.
	emptyLoops  bool
	hasBackrefs bool
	opts        Options
	// prefix, when not empty, is literal text every match starts with
	// (exactly, not folded): the search skips to its occurrences.
	prefix string
	// firstBytes, when hasFirstBytes, holds every byte a match can start
	// with (the first byte of its first character); the search skips the
	// others.
	firstBytes    [256]bool
	hasFirstBytes bool
	// anchored is set when every match starts at the beginning of the
	// text (\A, or ^ without newline-sensitive anchors).
	anchored bool
}

// maxInsts bounds the size of a program (bounds multiply the size of
// what they repeat); PostgreSQL too refuses patterns whose automaton
// grows too large.
const maxInsts = 100000

type compiler struct {
	prog *program
	err  error
	// total counts the instructions of all programs of one pattern.
	total *int
}

func compileProgram(n *node, opts Options, total *int) (*program, error) {
	c := &compiler{prog: &program{opts: opts}, total: total}
	c.emitNode(n)
	c.emit(inst{op: opMatch})
	if c.err != nil {
		return nil, c.err
	}
	if !opts.Fold {
		c.prog.prefix = literalPrefix(n)
	}
	c.prog.anchored = startsAnchored(n, opts)
	c.prog.hasFirstBytes = c.prog.computeFirstBytes()
	return c.prog, nil
}

func (c *compiler) emit(i inst) int {
	*c.total++
	if *c.total > maxInsts {
		c.err = ErrTooBig
	}
	c.prog.insts = append(c.prog.insts, i)
	return len(c.prog.insts) - 1
}

func (c *compiler) emitNode(n *node) {
	if c.err != nil {
		return
	}
	switch n.kind {
	case nEmpty:
	case nLit:
		i := inst{op: opRune, r: n.r}
		if c.prog.opts.Fold {
			for f := unicode.SimpleFold(n.r); f != n.r; f = unicode.SimpleFold(f) {
				i.folds = append(i.folds, f)
			}
		}
		c.emit(i)
	case nAny:
		c.emit(inst{op: opAny})
	case nClass:
		c.emit(inst{op: opClass, cls: n.cls})
	case nCat:
		for _, s := range n.subs {
			c.emitNode(s)
		}
	case nAlt:
		var jumps []int
		for i, s := range n.subs {
			if i == len(n.subs)-1 {
				c.emitNode(s)
				break
			}
			split := c.emit(inst{op: opSplit})
			c.prog.insts[split].x = len(c.prog.insts)
			c.emitNode(s)
			jumps = append(jumps, c.emit(inst{op: opJmp}))
			if c.err != nil {
				return
			}
			c.prog.insts[split].y = len(c.prog.insts)
		}
		for _, j := range jumps {
			c.prog.insts[j].x = len(c.prog.insts)
		}
	case nCapture:
		c.emit(inst{op: opSave, arg: 2 * n.index})
		c.emitNode(n.subs[0])
		c.emit(inst{op: opSave, arg: 2*n.index + 1})
	case nRepeat:
		c.emitRepeat(n)
	case nAssert:
		c.emit(inst{op: opAssert, arg: int(n.assert)})
	case nLook:
		sub, err := compileProgram(n.subs[0], c.prog.opts, c.total)
		if err != nil {
			c.err = err
			return
		}
		c.prog.looks = append(c.prog.looks, &lookaround{prog: sub, behind: n.behind, negate: n.negate})
		c.emit(inst{op: opLook, arg: len(c.prog.looks) - 1})
	case nBackref:
		c.prog.hasBackrefs = true
		c.emit(inst{op: opBackref, arg: n.index})
	}
}

// split emits a split whose preferred branch is the next instruction
// when greedy, the exit otherwise; the exit is patched by the caller.
func (c *compiler) split(greedy bool) int {
	s := c.emit(inst{op: opSplit})
	return s
}

func (c *compiler) patchSplit(s int, body, exit int, greedy bool) {
	if c.err != nil {
		return
	}
	if greedy {
		c.prog.insts[s].x, c.prog.insts[s].y = body, exit
	} else {
		c.prog.insts[s].x, c.prog.insts[s].y = exit, body
	}
}

func (c *compiler) emitRepeat(n *node) {
	sub := n.subs[0]
	for i := 0; i < n.min && c.err == nil; i++ {
		c.emitCopy(sub)
	}
	if n.max < 0 {
		// loop: split body, exit; body: mark; sub; check; jmp loop.
		reg := c.prog.nregs
		c.prog.nregs++
		if nullable(sub) {
			c.prog.emptyLoops = true
		}
		loop := c.split(n.greedy)
		c.emit(inst{op: opMark, arg: reg})
		c.emitCopy(sub)
		check := c.emit(inst{op: opCheck, arg: reg})
		c.emit(inst{op: opJmp, x: loop})
		if c.err == nil {
			c.prog.insts[check].x = len(c.prog.insts)
		}
		c.patchSplit(loop, loop+1, len(c.prog.insts), n.greedy)
		return
	}
	var splits []int
	for i := n.min; i < n.max && c.err == nil; i++ {
		splits = append(splits, c.split(n.greedy))
		c.emitCopy(sub)
	}
	end := len(c.prog.insts)
	for _, s := range splits {
		c.patchSplit(s, s+1, end, n.greedy)
	}
}

// literalPrefix is the literal text every match of n begins with.
func literalPrefix(n *node) string {
	var b strings.Builder
	var walk func(n *node) bool // reports whether the prefix may go on
	walk = func(n *node) bool {
		switch n.kind {
		case nLit:
			b.WriteRune(n.r)
			return true
		case nCat:
			for _, s := range n.subs {
				if !walk(s) {
					return false
				}
			}
			return true
		case nCapture:
			return walk(n.subs[0])
		case nRepeat:
			if n.min == n.max {
				for i := 0; i < n.min; i++ {
					if !walk(n.subs[0]) {
						return false
					}
				}
				return true
			}
			if n.min > 0 {
				walk(n.subs[0])
			}
		}
		return false
	}
	walk(n)
	return b.String()
}

// startsAnchored reports whether every match of n starts at the
// beginning of the text.
func startsAnchored(n *node, opts Options) bool {
	switch n.kind {
	case nAssert:
		return n.assert == aBOT || (n.assert == aBOL && !opts.NewlineAnchor)
	case nCat:
		return len(n.subs) > 0 && startsAnchored(n.subs[0], opts)
	case nCapture:
		return startsAnchored(n.subs[0], opts)
	case nAlt:
		for _, s := range n.subs {
			if !startsAnchored(s, opts) {
				return false
			}
		}
		return true
	}
	return false
}

// computeFirstBytes fills firstBytes from the instructions that can
// consume the first character of a match and reports whether the set is
// useful (false when a match can be empty or start with anything).
func (p *program) computeFirstBytes() bool {
	seen := make([]bool, len(p.insts))
	stack := []int{0}
	var buf [utf8.UTFMax]byte
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &p.insts[pc]
		switch in.op {
		case opJmp:
			stack = append(stack, in.x)
		case opSplit:
			stack = append(stack, in.x, in.y)
		case opSave, opMark, opCheck, opClear, opAssert, opLook:
			// Constraints only narrow where a match starts.
			stack = append(stack, pc+1)
		case opRune:
			for _, r := range append([]rune{in.r}, in.folds...) {
				utf8.EncodeRune(buf[:], r)
				p.firstBytes[buf[0]] = true
			}
		case opClass:
			for b := 0; b < utf8.RuneSelf; b++ {
				if in.cls.matches(rune(b), p.opts.Fold, p.opts.NewlineStop) {
					p.firstBytes[b] = true
				}
			}
			for b := 0xC0; b < 0x100; b++ {
				p.firstBytes[b] = true
			}
		default: // opAny, opBackref, opMatch
			return false
		}
	}
	return true
}

// emitCopy emits one iteration of a repeated expression. Its captures
// are unset first: they report the last iteration only, as in
// PostgreSQL, where ((a)|b)+ against "ab" leaves the inner group unset.
func (c *compiler) emitCopy(sub *node) {
	if lo, hi := captureRange(sub); lo > 0 {
		c.emit(inst{op: opClear, x: 2 * lo, y: 2*hi + 2})
	}
	c.emitNode(sub)
}

// captureRange is the lowest and highest capture number within n (0, 0
// if none); captures are numbered in order, so they form a range.
func captureRange(n *node) (lo, hi int) {
	if n.kind == nCapture {
		lo, hi = n.index, n.index
	}
	for _, s := range n.subs {
		if n.kind == nLook {
			break
		}
		l, h := captureRange(s)
		if l > 0 && (lo == 0 || l < lo) {
			lo = l
		}
		if h > hi {
			hi = h
		}
	}
	return lo, hi
}

// nullable reports whether n can match the empty string.
func nullable(n *node) bool {
	switch n.kind {
	case nLit, nAny, nClass:
		return false
	case nCat:
		for _, s := range n.subs {
			if !nullable(s) {
				return false
			}
		}
		return true
	case nAlt:
		for _, s := range n.subs {
			if nullable(s) {
				return true
			}
		}
		return false
	case nRepeat:
		return n.min == 0 || nullable(n.subs[0])
	case nCapture:
		return nullable(n.subs[0])
	}
	return true
}
