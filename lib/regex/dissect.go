package regex

import (
	"unicode"
	"unicode/utf8"
)

// Once the extent of a match is known, the text each capturing group
// matched is found as PostgreSQL's engine finds it (cdissect in Spencer's
// regexec.c): a concatenation is split where its first part matches as
// much (or, when that part prefers shorter matches, as little) as leaves
// a match for the rest, an alternation takes the first branch that
// matches the whole range, and repetitions are taken apart by the
// backtracking search, which reports the last iteration.

// maxIterationDissect is the longest text whose iterations are split as
// PostgreSQL splits them (each as long, or as short, as its expression
// prefers, which costs time quadratic in the text); longer ones are
// split by the linear backtracking search, whose last iteration can
// differ in rare patterns.
const maxIterationDissect = 4096

// maxSubInsts bounds the instructions of all the programs dissecting
// one pattern's matches needs.
const maxSubInsts = 2 * maxInsts

type progKey struct {
	n    *node
	from int // for a concatenation, the program of subs[from:]
}

// subProgram compiles (once) the program of node n, or of the suffix of
// concatenation n from sub from.
func (re *Regexp) subProgram(n *node, from int) (*machine, error) {
	k := progKey{n, from}
	if m, ok := re.subs[k]; ok {
		return m, nil
	}
	target := n
	if n.kind == nRepeat && from > 0 {
		// The repetition with from iterations done.
		target = &node{kind: nEmpty}
		if n.max < 0 || n.max > from {
			max := -1
			if n.max >= 0 {
				max = n.max - from
			}
			target = &node{kind: nRepeat, subs: n.subs, min: n.min - from, max: max, greedy: n.greedy}
			if target.min < 0 {
				target.min = 0
			}
		}
	} else if from > 0 {
		if from == len(n.subs)-1 {
			target = n.subs[from]
		} else {
			target = &node{kind: nCat, subs: n.subs[from:]}
		}
	}
	total := 0
	p, err := compileProgram(target, re.prog.opts, &total)
	if err != nil {
		return nil, err
	}
	// Each suffix of a concatenation gets a program of its own; bound
	// what they add up to.
	re.subInsts += total
	if re.subInsts > maxSubInsts {
		return nil, &ExecError{ErrSpace}
	}
	m := newMachine(p)
	if re.subs == nil {
		re.subs = map[progKey]*machine{}
	}
	re.subs[k] = m
	return m, nil
}

type dissector struct {
	re    *Regexp
	s     string
	check Checker
	caps  []int
}

// matchesExactly reports whether node n (or the suffix of n from sub
// from) matches exactly s[a:b].
func (d *dissector) matchesExactly(n *node, from, a, b int) (bool, error) {
	target := n
	if n.kind == nCat && from == len(n.subs)-1 {
		target = n.subs[from]
	}
	if (target == n && from > 0) || (target.kind != nLit && target.kind != nAny && target.kind != nClass) {
		return d.matchesByProgram(n, from, a, b)
	}
	// One character: no program to run.
	if a >= b {
		return false, nil
	}
	r, w := utf8.DecodeRuneInString(d.s[a:])
	return a+w == b && d.re.matchesChar(target, r), nil
}

func (d *dissector) matchesByProgram(n *node, from, a, b int) (bool, error) {
	m, err := d.re.subProgram(n, from)
	if err != nil {
		return false, err
	}
	m.reset(d.s, d.check)
	st, _, err := m.pike(a, true, modeEndAt, b)
	return st >= 0, err
}

// ends lists the positions up to b where a match of n starting at a can
// end, in increasing order.
func (d *dissector) ends(n *node, a, b int) ([]int, error) {
	switch n.kind {
	case nLit, nAny, nClass:
		// One character: no program to run.
		if a >= b {
			return nil, nil
		}
		r, w := utf8.DecodeRuneInString(d.s[a:])
		if a+w > b || !d.re.matchesChar(n, r) {
			return nil, nil
		}
		return []int{a + w}, nil
	}
	m, err := d.re.subProgram(n, 0)
	if err != nil {
		return nil, err
	}
	m.reset(d.s, d.check)
	m.ends = m.ends[:0]
	if _, _, err := m.pike(a, true, modeAllEnds, b); err != nil {
		return nil, err
	}
	return append([]int(nil), m.ends...), nil
}

func (d *dissector) dissect(n *node, a, b int) error {
	if !n.hasCapture {
		return nil
	}
	switch n.kind {
	case nCapture:
		d.caps[2*n.index], d.caps[2*n.index+1] = a, b
		return d.dissect(n.subs[0], a, b)
	case nCat:
		return d.dissectCat(n, 0, a, b)
	case nAlt:
		for _, sub := range n.subs {
			ok, err := d.matchesExactly(sub, 0, a, b)
			if err != nil {
				return err
			}
			if ok {
				return d.dissect(sub, a, b)
			}
		}
		return nil
	case nRepeat:
		if a == b && n.min == 0 && n.subs[0].pref < 0 {
			// Over an empty range, an optional expression that prefers
			// short matches takes no iteration: (a*?)* against "b"
			// leaves its group unset, (a*)* gives "".
			return nil
		}
		if n.max == 1 {
			if n.min == 0 {
				ok, err := d.matchesExactly(n.subs[0], 0, a, b)
				if err != nil || !ok {
					return err
				}
			}
			return d.dissect(n.subs[0], a, b)
		}
		if a == b {
			// An empty range is one empty iteration when the repeated
			// expression can match empty (PostgreSQL reports ()*? as
			// "", not NULL).
			ok, err := d.matchesExactly(n.subs[0], 0, a, b)
			if err != nil || !ok {
				return err
			}
			return d.dissect(n.subs[0], a, b)
		}
		if b-a > maxIterationDissect {
			return d.backtrackRepeat(n, a, b)
		}
		return d.dissectIterations(n, a, b)
	}
	return nil
}

func (d *dissector) dissectCat(n *node, i, a, b int) error {
	if !anyCapture(n.subs[i:]) {
		return nil
	}
	if i == len(n.subs)-1 {
		return d.dissect(n.subs[i], a, b)
	}
	first := n.subs[i]
	ends, err := d.ends(first, a, b)
	if err != nil {
		return err
	}
	for k := range ends {
		mid := ends[len(ends)-1-k]
		if first.pref < 0 {
			mid = ends[k]
		}
		// The concatenation matches s[a:b], so the last candidate left
		// needs no check.
		ok := k == len(ends)-1
		if !ok {
			var err error
			if ok, err = d.matchesExactly(n, i+1, mid, b); err != nil {
				return err
			}
		}
		if ok {
			if err := d.dissect(first, a, mid); err != nil {
				return err
			}
			return d.dissectCat(n, i+1, mid, b)
		}
	}
	return nil
}

func anyCapture(nodes []*node) bool {
	for _, n := range nodes {
		if n.hasCapture {
			return true
		}
	}
	return false
}

// dissectIterations splits s[a:b] (not empty) into the iterations of
// repetition n, each one as long as possible (as short when its
// expression prefers shorter matches) while the rest still matches, and
// dissects each; the last one's captures remain. As in PostgreSQL, which
// reads x+ as x x* and x{1,2} as x x?, a greedy repetition with a
// minimum and room for more iterations ends with an empty one when its
// expression can match empty and prefers long matches: (a*)+ against
// "aa" reports "", (a*)* and (a*)+? report "aa".
func (d *dissector) dissectIterations(n *node, a, b int) error {
	child := n.subs[0]
	lo, hi := captureRange(child)
	done := 0
	for pos := a; pos < b && (n.max < 0 || done < n.max); {
		ends, err := d.ends(child, pos, b)
		if err != nil {
			return err
		}
		chosen := -1
		for k := range ends {
			e := ends[len(ends)-1-k]
			if child.pref < 0 {
				e = ends[k]
			}
			if e == pos {
				continue
			}
			ok, err := d.matchesExactly(n, done+1, e, b)
			if err != nil {
				return err
			}
			if ok {
				chosen = e
				break
			}
		}
		if chosen < 0 {
			break
		}
		d.clear(lo, hi)
		if err := d.dissect(child, pos, chosen); err != nil {
			return err
		}
		pos = chosen
		done++
	}
	if n.min > 0 && (done < n.min || (n.greedy && child.pref >= 0 && (n.max < 0 || done < n.max))) {
		ok, err := d.matchesExactly(child, 0, b, b)
		if err != nil || !ok {
			return err
		}
		d.clear(lo, hi)
		return d.dissect(child, b, b)
	}
	return nil
}

func (d *dissector) clear(lo, hi int) {
	if lo == 0 {
		return
	}
	for i := 2 * lo; i < 2*hi+2; i++ {
		d.caps[i] = -1
	}
}

// backtrackRepeat splits a long text into iterations by the backtracking
// search.
func (d *dissector) backtrackRepeat(n *node, a, b int) error {
	m, err := d.re.subProgram(n, 0)
	if err != nil {
		return err
	}
	m.reset(d.s, d.check)
	ok, err := m.backtrack(a, b, !m.prog.emptyLoops)
	if err == nil && !ok {
		ok, err = m.backtrack(a, b, false)
	}
	if err != nil || !ok {
		return err
	}
	lo, hi := captureRange(n)
	copy(d.caps[2*lo:2*hi+2], m.caps[2*lo:2*hi+2])
	return nil
}

// matchesChar reports whether the one-character node n accepts r.
func (re *Regexp) matchesChar(n *node, r rune) bool {
	o := re.prog.opts
	switch n.kind {
	case nLit:
		if r == n.r {
			return true
		}
		if o.Fold {
			for f := unicode.SimpleFold(n.r); f != n.r; f = unicode.SimpleFold(f) {
				if r == f {
					return true
				}
			}
		}
		return false
	case nAny:
		return r != '\n' || !o.NewlineStop
	case nClass:
		return n.cls.matches(r, o.Fold, o.NewlineStop)
	}
	return false
}
