// The checker finds what it is meant to find: each kind of damage done
// to a sound index is reported (and the index is sound again once the
// damage is undone). Build refuses duplicates of a unique index.

package nbtree

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

func TestCheckFindsDamage(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	var es []entry
	for i := 0; i < 150000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i))}, tid: tidOf(i)})
	}
	buildFrom(t, b.env, ix, es)
	if res := mustCheck(t, b.env, ix); res.Levels != 3 {
		t.Fatalf("%+v", res)
	}
	md, err := b.env.getMeta(ix)
	if err != nil {
		t.Fatal(err)
	}
	// Blocks by kind: a leaf in the middle, an internal page.
	var leaf, internal storage.BlockNumber
	for blk, p := range b.pages(ix.Locator) {
		o := opaqueOf(p)
		if blk == 0 {
			continue
		}
		if o.isLeaf() && leaf == 0 && blk > 100 && !o.isRightmost() {
			leaf = storage.BlockNumber(blk)
		}
		if o.level() == 1 && internal == 0 && !o.isRightmost() {
			internal = storage.BlockNumber(blk)
		}
	}
	damage := func(what, want string, blk storage.BlockNumber, change func(p page.Page)) {
		t.Helper()
		buf, err := b.pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
		if err != nil {
			t.Fatal(err)
		}
		b.pool.LockBuffer(buf, buffer.Exclusive)
		p := page.Page(b.pool.Page(buf))
		saved := bytes.Clone(p)
		change(p)
		b.pool.MarkDirty(buf)
		b.pool.LockBuffer(buf, buffer.Unlock)
		_, err = Check(b.env, ix)
		b.pool.LockBuffer(buf, buffer.Exclusive)
		copy(p, saved)
		b.pool.UnlockRelease(buf)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: Check says %v, want %q", what, err, want)
		}
		mustCheck(t, b.env, ix)
	}
	damage("swapped items", "item order invariant violated", leaf, func(p page.Page) {
		a, z := p.ItemId(5), p.ItemId(6)
		p.SetItemId(5, z)
		p.SetItemId(6, a)
	})
	damage("key above the high key", "high key invariant violated", leaf, func(p page.Page) {
		last := itemAt(p, p.MaxOffset())
		le.PutUint32(last[itupHeaderSize:], 1<<30)
	})
	damage("broken left link", "left link of block", leaf, func(p page.Page) {
		opaqueOf(p).setPrev(opaqueOf(p).prev() + 1)
	})
	damage("wrong level", "has level", leaf, func(p page.Page) {
		opaqueOf(p).setLevel(1)
	})
	damage("downlink to the wrong child", "downlink", internal, func(p page.Page) {
		t3, t4 := itemAt(p, 3), itemAt(p, 4)
		d := t3.downlink()
		t3.setDownlink(t4.downlink())
		t4.setDownlink(d)
	})
	damage("pivot out of step with the child's high key", "high key of block", internal, func(p page.Page) {
		pv := itemAt(p, 4)
		le.PutUint32(pv[itupHeaderSize:], le.Uint32(pv[itupHeaderSize:])+1)
	})
	damage("root flag", "root block", md.Root, func(p page.Page) {
		o := opaqueOf(p)
		o.setFlags(o.flags() &^ BTPRoot)
	})
}

func TestUniqueBuildRefusesDuplicates(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	type row struct {
		k    types.Datum
		live bool
	}
	build := func(loc int, rows []row) error {
		ix := intIndex(testLocs[loc], false, false)
		ix.Unique = true
		i := 0
		return Build(b.env, ix, func() ([]types.Datum, TID, bool, bool, error) {
			if i == len(rows) {
				return nil, TID{}, false, false, nil
			}
			i++
			return []types.Datum{rows[i-1].k}, tidOf(i), rows[i-1].live, true, nil
		})
	}
	// Dead rows may share a key with a live one; NULLs never conflict.
	if err := build(0, []row{{types.Int(1), true}, {types.Int(2), false}, {types.Int(2), true}, {types.Int(2), false},
		{types.Null, true}, {types.Null, true}}); err != nil {
		t.Fatal(err)
	}
	// Two live rows of one key, a dead one between them.
	err := build(1, []row{{types.Int(1), true}, {types.Int(2), true}, {types.Int(2), false}, {types.Int(2), true}})
	var dk *DuplicateKey
	if !errors.As(err, &dk) || dk.TIDs != [2]TID{tidOf(2), tidOf(4)} || dk.PgError().Code != "23505" ||
		err.Error() != `could not create unique index "i_int"` {
		t.Fatalf("got %v", err)
	}
	if n := b.pool.Close(); n != 0 {
		t.Fatalf("a failed build leaked %d pins", n)
	}
}
