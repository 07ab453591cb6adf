// InstallImportedXmin: an imported snapshot's xmin becomes the
// importer's only while the exporter still holds it.

package transam

import "testing"

func TestInstallImportedXmin(t *testing.T) {
	e := newEnv(t, "")
	oa, a := e.backend(t) // writer: keeps the horizon moving
	osrc, src := e.backend(t)
	oi, imp := e.backend(t)
	e.m.SetProcDatabase(src, 5)
	e.m.SetProcDatabase(imp, 5)
	xa, err := e.m.AssignTransactionId(oa, a)
	if err != nil {
		t.Fatal(err)
	}
	exported := e.m.GetSnapshot(osrc, src) // xmin is xa, still running
	if exported.Xmin != xa {
		t.Fatalf("exported snapshot %+v, want xmin %d", exported, xa)
	}
	if _, err := e.m.CommitTransaction(oa, a, xa, nil, true); err != nil {
		t.Fatal(err)
	}
	running := true
	stillRunning := func() bool { return running }

	// Another database, or an exporter that ended: nothing changes.
	if e.m.InstallImportedXmin(oi, imp, exported.Xmin, src, 6, stillRunning) {
		t.Error("installed from a process of another database")
	}
	running = false
	if e.m.InstallImportedXmin(oi, imp, exported.Xmin, src, 5, stillRunning) {
		t.Error("installed from an exporter that ended")
	}
	if got := e.m.ProcXmin(imp); got.IsValid() {
		t.Errorf("a refused import left xmin %d", got)
	}
	// An xmin older than the exporter's is not covered by it.
	running = true
	if e.m.InstallImportedXmin(oi, imp, exported.Xmin-1, src, 5, stillRunning) {
		t.Error("installed an xmin older than the exporter's")
	}

	// The exporter still holds it: the importer holds it too, replacing
	// the newer xmin of its own snapshot, past the exporter's end.
	if own := e.m.GetSnapshot(oi, imp); own.Xmin == exported.Xmin {
		t.Fatalf("the importer's own snapshot has the exported xmin %d", own.Xmin)
	}
	if !e.m.InstallImportedXmin(oi, imp, exported.Xmin, src, 5, stillRunning) {
		t.Fatal("refused while the exporter runs")
	}
	e.m.EndTransaction(osrc, src, InvalidTransactionId, true)
	if got := e.m.GetOldestXmin(oi); got != exported.Xmin {
		t.Errorf("oldest xmin %d after the exporter's end, want the imported %d", got, exported.Xmin)
	}
	// Without an xmin the exporter protects nothing.
	running = true
	if e.m.InstallImportedXmin(oi, imp, exported.Xmin, src, 5, stillRunning) {
		t.Error("installed from an exporter without an xmin")
	}
}
