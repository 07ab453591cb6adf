package pgtree

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// corpus is every statement of the regression suite's SQL files.
func corpus(t *testing.T) []string {
	files, err := filepath.Glob("../../../tests/regress/sql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no regression files: %v", err)
	}
	var stmts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts, err := pg_query.SplitWithScanner(string(b), true)
		if err != nil {
			continue
		}
		for _, p := range parts {
			if !strings.HasPrefix(p, "\\") {
				stmts = append(stmts, p)
			}
		}
	}
	return stmts
}

// sameTree compares a pg_query_go value with a pgtree value field by
// field, by name, ignoring protobuf-go's internal fields.
func sameTree(t *testing.T, path string, want, got reflect.Value) bool {
	if want.Kind() == reflect.Interface {
		if want.IsNil() != got.IsNil() {
			t.Errorf("%s: nil %v vs %v", path, want.IsNil(), got.IsNil())
			return false
		}
		if want.IsNil() {
			return true
		}
		want, got = want.Elem(), got.Elem()
	}
	switch want.Kind() {
	case reflect.Pointer:
		if want.IsNil() != got.IsNil() {
			t.Errorf("%s: nil %v vs %v", path, want.IsNil(), got.IsNil())
			return false
		}
		if want.IsNil() {
			return true
		}
		if want.Elem().Type().Name() != got.Elem().Type().Name() {
			t.Errorf("%s: type %s vs %s", path, want.Elem().Type().Name(), got.Elem().Type().Name())
			return false
		}
		return sameTree(t, path, want.Elem(), got.Elem())
	case reflect.Struct:
		for i := 0; i < want.NumField(); i++ {
			f := want.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			g := got.FieldByName(f.Name)
			if !g.IsValid() {
				t.Errorf("%s: no field %s", path, f.Name)
				return false
			}
			if !sameTree(t, path+"."+f.Name, want.Field(i), g) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if want.Len() != got.Len() {
			t.Errorf("%s: len %d vs %d", path, want.Len(), got.Len())
			return false
		}
		for i := 0; i < want.Len(); i++ {
			if !sameTree(t, path+"[]", want.Index(i), got.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Int32, reflect.Int64:
		if want.Int() != got.Int() {
			t.Errorf("%s: %d vs %d", path, want.Int(), got.Int())
			return false
		}
	case reflect.Uint32, reflect.Uint64:
		if want.Uint() != got.Uint() {
			t.Errorf("%s: %d vs %d", path, want.Uint(), got.Uint())
			return false
		}
	case reflect.Float64:
		if want.Float() != got.Float() {
			t.Errorf("%s: %v vs %v", path, want.Float(), got.Float())
			return false
		}
	case reflect.Bool:
		if want.Bool() != got.Bool() {
			t.Errorf("%s: %v vs %v", path, want.Bool(), got.Bool())
			return false
		}
	case reflect.String:
		if want.String() != got.String() {
			t.Errorf("%s: %q vs %q", path, want.String(), got.String())
			return false
		}
	default:
		t.Errorf("%s: kind %s", path, want.Kind())
		return false
	}
	return true
}

// countMessages counts the messages of a protobuf-go tree by type name.
func countMessages(m protoreflect.Message, counts map[string]int) {
	counts[string(m.Descriptor().Name())]++
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Message() == nil:
		case fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				countMessages(v.List().Get(i).Message(), counts)
			}
		default:
			countMessages(v.Message(), counts)
		}
		return true
	})
}

// TestDecodeMatchesProtobuf decodes every statement of the regression
// suite both ways and requires the same tree, the same walk and a
// Clone equal to it but sharing nothing.
func TestDecodeMatchesProtobuf(t *testing.T) {
	stmts := corpus(t)
	if len(stmts) < 1000 {
		t.Fatalf("only %d statements", len(stmts))
	}
	parsed := 0
	for _, sql := range stmts {
		want, err := pg_query.Parse(sql)
		got, gotErr := Parse(sql)
		if (err == nil) != (gotErr == nil) {
			t.Fatalf("%q: error %v vs %v", sql, err, gotErr)
		}
		if err != nil {
			continue
		}
		parsed++
		if !sameTree(t, sql, reflect.ValueOf(want), reflect.ValueOf(got)) {
			t.FailNow()
		}
		wantCounts := map[string]int{}
		countMessages(want.ProtoReflect(), wantCounts)
		gotCounts := map[string]int{}
		Walk(got, func(m Message) bool {
			gotCounts[reflect.TypeOf(m).Elem().Name()]++
			return true
		})
		// protobuf-go names nested wrapper-free messages by their proto
		// names, which are the Go names here.
		if !reflect.DeepEqual(wantCounts, gotCounts) {
			t.Fatalf("%q: walk counts differ:\n%v\n%v", sql, wantCounts, gotCounts)
		}
		c := got.Clone()
		if !reflect.DeepEqual(c, got) {
			t.Fatalf("%q: clone differs", sql)
		}
		shared := false
		seen := map[Message]bool{}
		// Values of a field-less type (A_Star) all share Go's address
		// for zero-size objects.
		sized := func(m Message) bool { return reflect.TypeOf(m).Elem().Size() > 0 }
		Walk(got, func(m Message) bool { seen[m] = sized(m); return true })
		Walk(c, func(m Message) bool { shared = shared || seen[m]; return true })
		if shared {
			t.Fatalf("%q: clone shares nodes", sql)
		}
	}
	t.Logf("%d statements compared", parsed)
}

// TestChildAtFollowsEachChild requires that the slots EachChild reports
// lead back to the same messages.
func TestChildAtFollowsEachChild(t *testing.T) {
	tree, err := Parse("SELECT a, b FROM t JOIN u USING (id) WHERE x IN (SELECT 1) ORDER BY 1 LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	Walk(tree, func(m Message) bool {
		m.EachChild(func(s Slot, c Message) bool {
			n++
			if m.ChildAt(s) != c {
				t.Fatalf("%T slot %v", m, s)
			}
			return true
		})
		return true
	})
	if n < 20 {
		t.Fatalf("only %d children", n)
	}
}

// TestUnmarshalBounds requires malformed and too deep input to be errors.
func TestUnmarshalBounds(t *testing.T) {
	b, err := proto.Marshal(mustParse(t, "SELECT ((((((((1))))))))+((((2))))"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Unmarshal(b, 10000); err != nil {
		t.Fatal(err)
	}
	if _, err := Unmarshal(b, 5); err != ErrTooDeep {
		t.Fatalf("depth 5: %v", err)
	}
	for i := 1; i < len(b); i++ {
		// A cut encoding fails or decodes a prefix; it never panics.
		Unmarshal(b[:i], 10000)
	}
	if _, err := Unmarshal([]byte{0x0a, 0xff}, 10); err == nil {
		t.Fatal("a length past the end decoded")
	}
}

func mustParse(t *testing.T, sql string) *pg_query.ParseResult {
	r, err := pg_query.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestEnumString(t *testing.T) {
	if s := SetOperation_SETOP_UNION.String(); s != "SETOP_UNION" {
		t.Fatal(s)
	}
	if s := Token(100000).String(); s != "100000" {
		t.Fatal(s)
	}
}

// TestEncodeRoundTrip requires Marshal to encode what protobuf-go
// decodes into the same tree, and the deparser to print the same SQL
// from both encodings.
func TestEncodeRoundTrip(t *testing.T) {
	for i, sql := range corpus(t) {
		tree, err := Parse(sql)
		if err != nil {
			continue
		}
		b := Marshal(tree)
		want := &pg_query.ParseResult{}
		if err := proto.Unmarshal(b, want); err != nil {
			t.Fatalf("%q: %v", sql, err)
		}
		if !sameTree(t, sql, reflect.ValueOf(want), reflect.ValueOf(tree)) {
			t.FailNow()
		}
		if i%10 == 0 {
			got, gotErr := Deparse(tree)
			exp, expErr := pg_query.Deparse(want)
			if got != exp || (gotErr == nil) != (expErr == nil) {
				t.Fatalf("%q: deparse %q (%v) vs %q (%v)", sql, got, gotErr, exp, expErr)
			}
		}
	}
}

const benchQuery = "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2 AND bid IN (SELECT bid FROM pgbench_branches WHERE bbalance > 0) RETURNING abalance"

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseProtobufGo(b *testing.B) {
	for b.Loop() {
		if _, err := pg_query.Parse(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClone(b *testing.B) {
	tree, _ := Parse(benchQuery)
	for b.Loop() {
		tree.Clone()
	}
}

func BenchmarkCloneProtobufGo(b *testing.B) {
	tree, _ := pg_query.Parse(benchQuery)
	for b.Loop() {
		proto.Clone(tree)
	}
}
