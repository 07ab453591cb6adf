package regex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regexp is a compiled pattern. It is safe for use by one goroutine at a
// time (callers keep one per call site).
type Regexp struct {
	prog *program
	ncap int
	// longest is the preference of the whole expression: the longest
	// match at the leftmost position, or the shortest.
	longest bool
	m       *machine
	root    *node
	// subs are the programs of parts of the pattern that dissecting a
	// match needs, made on first use.
	subs     map[progKey]*machine
	subInsts int
	// relaxed is the program of a pattern with back references, each
	// read as "any text".
	relaxed  *program
	relaxedM *machine
}

// Compile parses pattern with the given options.
func Compile(pattern string, opts Options) (*Regexp, error) {
	n, ncap, finalOpts, err := parse(pattern, opts)
	if err != nil {
		return nil, err
	}
	total := 0
	prog, err := compileProgram(n, finalOpts, &total)
	if err != nil {
		return nil, err
	}
	markCaptures(n)
	re := &Regexp{prog: prog, ncap: ncap, longest: n.pref >= 0, root: n}
	if prog.hasBackrefs {
		// A back reference matches some text: with each one read as
		// "any text", the thread simulation rules out most texts the
		// backtracking search would otherwise explore in vain.
		total = 0
		if re.relaxed, err = compileProgram(relaxBackrefs(n), finalOpts, &total); err != nil {
			return nil, err
		}
	}
	return re, nil
}

// NumSubexp is the number of capturing parentheses.
func (re *Regexp) NumSubexp() int { return re.ncap }

// ExecError is an error raised while matching: PostgreSQL reports it as
// "regular expression failed: ...".
type ExecError struct{ Err *Error }

func (e *ExecError) Error() string { return "regular expression failed: " + e.Err.Msg }

// Limits of one match: the backtracking search's steps and stack, and
// the size of its visited set, in bits.
const (
	maxBacktrackSteps = 50_000_000
	maxStack          = 10_000_000
	maxVisitedBits    = 1 << 28
	checkEvery        = 1 << 12
)

func (re *Regexp) machine(s string, check Checker) *machine {
	m := re.m
	if m == nil {
		m = newMachine(re.prog)
		re.m = m
	}
	m.reset(s, check)
	return m
}

// MatchString reports whether s contains a match.
func (re *Regexp) MatchString(s string, check Checker) (bool, error) {
	if re.prog.hasBackrefs {
		loc, err := re.Find(s, 0, false, check)
		return loc != nil, err
	}
	m := re.machine(s, check)
	st, _, err := m.pike(0, false, modeExists, -1)
	return st >= 0, err
}

// Find returns the leftmost match that starts at or after byte offset
// from (the text before from still counts for ^, \m and lookbehinds):
// loc[0]:loc[1] is the match and, with captures, loc[2i]:loc[2i+1] the
// text of subexpression i, -1 when it took no part. nil means no match.
func (re *Regexp) Find(s string, from int, captures bool, check Checker) ([]int, error) {
	m := re.machine(s, check)
	mode := modeShortest
	if re.longest {
		mode = modeLongest
	}
	var st, en int
	var err error
	if re.prog.hasBackrefs {
		if re.relaxedM == nil {
			re.relaxedM = newMachine(re.relaxed)
		}
		re.relaxedM.reset(s, check)
		if st, _, err = re.relaxedM.pike(from, false, modeExists, -1); err != nil || st < 0 {
			return nil, err
		}
		st, en, err = m.backtrackSearch(from, mode)
	} else {
		st, en, err = m.pike(from, false, mode, -1)
	}
	if err != nil || st < 0 {
		return nil, err
	}
	n := 2
	if captures {
		n = 2 * (re.ncap + 1)
	}
	loc := make([]int, n)
	for i := range loc {
		loc[i] = -1
	}
	loc[0], loc[1] = st, en
	if captures && re.ncap > 0 && !re.prog.hasBackrefs {
		d := &dissector{re: re, s: s, check: check, caps: loc}
		if err := d.dissect(re.root, st, en); err != nil {
			return nil, err
		}
	} else if captures && re.ncap > 0 {
		ok, err := m.backtrack(st, en, false)
		if err != nil {
			return nil, err
		}
		if !ok {
			// The visited set can prune a path only a loop register
			// distinguishes; search again without it.
			if ok, err = m.backtrack(st, en, false); err != nil {
				return nil, err
			}
		}
		if ok {
			copy(loc[2:], m.caps[2:n])
		}
	}
	return loc, nil
}

type matchMode uint8

const (
	modeExists matchMode = iota
	modeLongest
	modeShortest
	modeEndAt // anchored; a match must end exactly at the given end
	// modeAllEnds is anchored and collects in m.ends every position up
	// to the given end where a match ends.
	modeAllEnds
)

type thread struct{ pc, start int }

// threadList is a sparse set of program counters with the start of the
// thread that reached each first.
type threadList struct {
	threads []thread
	seen    []uint32
	gen     uint32
}

func (l *threadList) clear() {
	l.threads = l.threads[:0]
	l.gen++
	if l.gen == 0 {
		for i := range l.seen {
			l.seen[i] = 0
		}
		l.gen = 1
	}
}

type machine struct {
	prog  *program
	s     string
	check Checker
	ticks int

	clist, nlist threadList
	stack        []int

	// lookMemo caches lookaround results by look index and position.
	lookMemo map[[2]int]bool
	subs     []*machine

	// backtracking state
	caps    []int
	regs    []int
	jobs    []btJob
	visited []uint64
	steps   int
	ends    []int
}

func newMachine(p *program) *machine {
	m := &machine{prog: p}
	n := len(p.insts)
	m.clist.seen = make([]uint32, n)
	m.nlist.seen = make([]uint32, n)
	m.subs = make([]*machine, len(p.looks))
	return m
}

func (m *machine) reset(s string, check Checker) {
	m.s, m.check, m.ticks = s, check, 0
	if len(m.lookMemo) > 0 {
		m.lookMemo = nil
	}
}

func (m *machine) tick() error {
	m.ticks++
	if m.ticks%checkEvery == 0 && m.check != nil {
		return m.check()
	}
	return nil
}

func (m *machine) add(l *threadList, pc0, start, pos int) error {
	// Most often the next instruction consumes a character: no closure
	// to follow.
	if l.seen[pc0] == l.gen {
		return nil
	}
	if op := m.prog.insts[pc0].op; op == opRune || op == opAny || op == opClass || op == opMatch {
		l.seen[pc0] = l.gen
		l.threads = append(l.threads, thread{pc0, start})
		return nil
	}
	m.stack = append(m.stack[:0], pc0)
	for len(m.stack) > 0 {
		pc := m.stack[len(m.stack)-1]
		m.stack = m.stack[:len(m.stack)-1]
	follow:
		for {
			if l.seen[pc] == l.gen {
				break
			}
			l.seen[pc] = l.gen
			in := &m.prog.insts[pc]
			switch in.op {
			case opJmp:
				pc = in.x
			case opSplit:
				m.stack = append(m.stack, in.y)
				pc = in.x
			case opSave, opMark, opCheck, opClear:
				pc++
			case opAssert:
				if !m.assertAt(assertKind(in.arg), pos) {
					break follow
				}
				pc++
			case opLook:
				ok, err := m.look(in.arg, pos)
				if err != nil {
					return err
				}
				if !ok {
					break follow
				}
				pc++
			default:
				l.threads = append(l.threads, thread{pc, start})
				break follow
			}
		}
	}
	return nil
}

// consumes reports whether instruction in accepts character r.
func (m *machine) consumes(in *inst, r rune) bool {
	switch in.op {
	case opRune:
		if r == in.r {
			return true
		}
		for _, f := range in.folds {
			if r == f {
				return true
			}
		}
		return false
	case opAny:
		return r != '\n' || !m.prog.opts.NewlineStop
	case opClass:
		return in.cls.matches(r, m.prog.opts.Fold, m.prog.opts.NewlineStop)
	}
	return false
}

// pike simulates all threads of the program over the text from byte
// offset from and returns the leftmost match with the length mode asks
// for (or, for modeEndAt, an anchored match ending at end); -1 if none.
func (m *machine) pike(from int, anchored bool, mode matchMode, end int) (int, int, error) {
	s := m.s
	pos := from
	m.clist.clear()
	bestS, bestE := -1, -1
	for {
		if bestS < 0 && (!anchored || pos == from) && (!m.prog.anchored || pos == 0) {
			if len(m.clist.threads) == 0 && !anchored {
				if pos = m.skipToCandidate(pos); pos < 0 {
					break
				}
			}
			if err := m.add(&m.clist, 0, pos, pos); err != nil {
				return -1, -1, err
			}
		}
		if len(m.clist.threads) == 0 && (bestS >= 0 || anchored || pos >= len(s) || m.prog.anchored) {
			break
		}
		if err := m.tick(); err != nil {
			return -1, -1, err
		}
		r, w := rune(-1), 0
		if pos < len(s) {
			r, w = utf8.DecodeRuneInString(s[pos:])
		}
		m.nlist.clear()
		for _, t := range m.clist.threads {
			if bestS >= 0 && (t.start > bestS || (mode == modeShortest && t.start == bestS)) {
				continue
			}
			in := &m.prog.insts[t.pc]
			if in.op == opMatch {
				switch mode {
				case modeExists:
					return t.start, pos, nil
				case modeEndAt:
					if pos == end {
						return t.start, pos, nil
					}
				case modeAllEnds:
					m.ends = append(m.ends, pos)
				default:
					if bestS < 0 || t.start < bestS || (t.start == bestS && pos > bestE) {
						bestS, bestE = t.start, pos
					}
				}
				continue
			}
			if w > 0 && m.consumes(in, r) {
				if err := m.add(&m.nlist, t.pc+1, t.start, pos+w); err != nil {
					return -1, -1, err
				}
			}
		}
		if pos >= len(s) || ((mode == modeEndAt || mode == modeAllEnds) && pos >= end) {
			break
		}
		pos += w
		m.clist, m.nlist = m.nlist, m.clist
	}
	return bestS, bestE, nil
}

func (m *machine) assertAt(k assertKind, pos int) bool {
	s := m.s
	switch k {
	case aBOT:
		return pos == 0
	case aEOT:
		return pos == len(s)
	case aBOL:
		return pos == 0 || (m.prog.opts.NewlineAnchor && s[pos-1] == '\n')
	case aEOL:
		return pos == len(s) || (m.prog.opts.NewlineAnchor && s[pos] == '\n')
	}
	before, after := false, false
	if pos > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:pos])
		before = isWordChar(r)
	}
	if pos < len(s) {
		r, _ := utf8.DecodeRuneInString(s[pos:])
		after = isWordChar(r)
	}
	switch k {
	case aWordStart:
		return !before && after
	case aWordEnd:
		return before && !after
	case aWordBoundary:
		return before != after
	case aNotWordBoundary:
		return before == after
	}
	return false
}

// look evaluates lookaround constraint i at pos.
func (m *machine) look(i, pos int) (bool, error) {
	key := [2]int{i, pos}
	if v, ok := m.lookMemo[key]; ok {
		return v, nil
	}
	la := m.prog.looks[i]
	sub := m.subs[i]
	if sub == nil {
		sub = newMachine(la.prog)
		m.subs[i] = sub
	}
	sub.reset(m.s, m.check)
	found := false
	if !la.behind {
		st, _, err := sub.pike(pos, true, modeExists, -1)
		if err != nil {
			return false, err
		}
		found = st >= 0
	} else {
		for st := pos; st >= 0 && !found; {
			s, _, err := sub.pike(st, true, modeEndAt, pos)
			if err != nil {
				return false, err
			}
			found = s >= 0
			if st == 0 {
				break
			}
			_, w := utf8.DecodeLastRuneInString(m.s[:st])
			st -= w
		}
	}
	v := found != la.negate
	if m.lookMemo == nil {
		m.lookMemo = map[[2]int]bool{}
	}
	m.lookMemo[key] = v
	return v, nil
}

type btJob struct {
	pc, pos int
	// restore, when >0, undoes a capture (1) or loop register (2) write
	// instead of exploring: slot gets val back.
	restore   uint8
	slot, val int
}

// backtrack explores the program from start in priority order for a
// match ending exactly at end (any end when end < 0 and collect is set
// by backtrackSearch) and leaves the captures in m.caps.
func (m *machine) backtrack(start, end int, memo bool) (bool, error) {
	ok, _, err := m.backtrackRun(start, end, memo, modeEndAt)
	return ok, err
}

// backtrackRun is the backtracking search. With modeEndAt it stops at
// the first match ending at end; with modeLongest or modeShortest it
// explores every path from start and returns the preferred end.
func (m *machine) backtrackRun(start, end int, memo bool, mode matchMode) (bool, int, error) {
	p := m.prog
	s := m.s
	ncaps := 2
	for _, in := range p.insts {
		if in.op == opSave && in.arg+1 >= ncaps {
			ncaps = in.arg + 2
		}
		if in.op == opBackref && 2*in.arg+2 > ncaps {
			ncaps = 2*in.arg + 2
		}
	}
	m.caps = resize(m.caps, ncaps)
	m.regs = resize(m.regs, p.nregs)
	width := 0
	if memo {
		width = end - start + 1
		bits := len(p.insts) * width
		if bits > maxVisitedBits {
			return false, -1, &ExecError{ErrSpace}
		}
		words := (bits + 63) / 64
		if cap(m.visited) < words {
			m.visited = make([]uint64, words)
		} else {
			m.visited = m.visited[:words]
			for i := range m.visited {
				m.visited[i] = 0
			}
		}
	}
	m.steps = 0
	bestEnd := -1
	m.jobs = append(m.jobs[:0], btJob{pc: 0, pos: start})
	for len(m.jobs) > 0 {
		j := m.jobs[len(m.jobs)-1]
		m.jobs = m.jobs[:len(m.jobs)-1]
		switch j.restore {
		case 1:
			m.caps[j.slot] = j.val
			continue
		case 2:
			m.regs[j.slot] = j.val
			continue
		}
		pc, pos := j.pc, j.pos
	run:
		for {
			m.steps++
			if m.steps > maxBacktrackSteps {
				return false, -1, &ExecError{ErrTooBig}
			}
			if m.steps%checkEvery == 0 && m.check != nil {
				if err := m.check(); err != nil {
					return false, -1, err
				}
			}
			if len(m.jobs) > maxStack {
				return false, -1, &ExecError{ErrSpace}
			}
			if end >= 0 && pos > end {
				break
			}
			if memo {
				bit := pc*width + pos - start
				if m.visited[bit/64]&(1<<(bit%64)) != 0 {
					break
				}
				m.visited[bit/64] |= 1 << (bit % 64)
			}
			in := &p.insts[pc]
			switch in.op {
			case opRune, opAny, opClass:
				if pos >= len(s) {
					break run
				}
				r, w := utf8.DecodeRuneInString(s[pos:])
				if !m.consumes(in, r) {
					break run
				}
				pc, pos = pc+1, pos+w
			case opSplit:
				m.jobs = append(m.jobs, btJob{pc: in.y, pos: pos})
				pc = in.x
			case opJmp:
				pc = in.x
			case opSave:
				m.jobs = append(m.jobs, btJob{restore: 1, slot: in.arg, val: m.caps[in.arg]})
				m.caps[in.arg] = pos
				pc++
			case opMark:
				m.jobs = append(m.jobs, btJob{restore: 2, slot: in.arg, val: m.regs[in.arg]})
				m.regs[in.arg] = pos
				pc++
			case opCheck:
				// An iteration that matched nothing ends the loop: it may
				// be the last one (PostgreSQL reports (a*)+ against "aab"
				// with an empty last iteration) but not be repeated.
				if m.regs[in.arg] == pos {
					pc = in.x
				} else {
					pc++
				}
			case opClear:
				for slot := in.x; slot < in.y; slot++ {
					if m.caps[slot] >= 0 {
						m.jobs = append(m.jobs, btJob{restore: 1, slot: slot, val: m.caps[slot]})
						m.caps[slot] = -1
					}
				}
				pc++
			case opAssert:
				if !m.assertAt(assertKind(in.arg), pos) {
					break run
				}
				pc++
			case opLook:
				ok, err := m.look(in.arg, pos)
				if err != nil {
					return false, -1, err
				}
				if !ok {
					break run
				}
				pc++
			case opBackref:
				bs, be := m.caps[2*in.arg], m.caps[2*in.arg+1]
				if bs < 0 || be < 0 {
					break run
				}
				n, ok := m.matchBackref(s[bs:be], pos)
				if !ok {
					break run
				}
				pos += n
				pc++
			case opMatch:
				switch mode {
				case modeEndAt:
					if end < 0 || pos == end {
						return true, pos, nil
					}
				case modeLongest:
					if pos > bestEnd {
						bestEnd = pos
					}
					if bestEnd == len(s) {
						return true, bestEnd, nil
					}
				case modeShortest:
					if bestEnd < 0 || pos < bestEnd {
						bestEnd = pos
					}
					if bestEnd == start {
						return true, bestEnd, nil
					}
				}
				break run
			}
		}
	}
	return bestEnd >= 0, bestEnd, nil
}

func (m *machine) matchBackref(ref string, pos int) (int, bool) {
	t := m.s[pos:]
	if !m.prog.opts.Fold {
		if strings.HasPrefix(t, ref) {
			return len(ref), true
		}
		return 0, false
	}
	n := 0
	for _, r := range ref {
		if n >= len(t) {
			return 0, false
		}
		c, w := utf8.DecodeRuneInString(t[n:])
		if c != r && unicode.ToLower(c) != unicode.ToLower(r) && unicode.ToUpper(c) != unicode.ToUpper(r) {
			return 0, false
		}
		n += w
	}
	return n, true
}

// backtrackSearch finds the leftmost match of a program with back
// references, trying each start in turn.
func (m *machine) backtrackSearch(from int, mode matchMode) (int, int, error) {
	s := m.s
	for st := from; st <= len(s); {
		if st = m.skipToCandidate(st); st < 0 || (m.prog.anchored && st > 0) {
			break
		}
		ok, en, err := m.backtrackRun(st, -1, false, mode)
		if err != nil {
			return -1, -1, err
		}
		if ok {
			return st, en, nil
		}
		if st == len(s) {
			break
		}
		_, w := utf8.DecodeRuneInString(s[st:])
		st += w
	}
	return -1, -1, nil
}

func resize(a []int, n int) []int {
	if cap(a) < n {
		a = make([]int, n)
	}
	a = a[:n]
	for i := range a {
		a[i] = -1
	}
	return a
}

// markCaptures sets hasCapture on the nodes that contain a capturing
// group.
func markCaptures(n *node) bool {
	has := n.kind == nCapture
	if n.kind != nLook {
		for _, s := range n.subs {
			if markCaptures(s) {
				has = true
			}
		}
	}
	n.hasCapture = has
	return has
}

// skipToCandidate returns the first position from pos where a match can
// start, judging by the literal prefix or the possible first bytes; -1
// if there is none.
func (m *machine) skipToCandidate(pos int) int {
	p := m.prog
	s := m.s
	switch {
	case p.prefix != "":
		i := strings.Index(s[pos:], p.prefix)
		if i < 0 {
			return -1
		}
		return pos + i
	case p.hasFirstBytes:
		for ; pos < len(s); pos++ {
			if p.firstBytes[s[pos]] {
				return pos
			}
		}
		return -1
	}
	return pos
}

// relaxBackrefs copies n with each back reference replaced by a match of
// any text.
func relaxBackrefs(n *node) *node {
	if n.kind == nBackref {
		anything := &charClass{}
		anything.addRange(0, unicode.MaxRune)
		return &node{kind: nRepeat, subs: []*node{{kind: nClass, cls: anything}}, min: 0, max: -1, greedy: true}
	}
	c := *n
	c.subs = make([]*node, len(n.subs))
	for i, s := range n.subs {
		c.subs[i] = relaxBackrefs(s)
	}
	return &c
}
