// lz4: the compressor's output against liblz4 1.9.4's
// LZ4_compress_default (what PostgreSQL 15 calls), round trips, corrupt
// input, and Compress/Decompress with the lz4 method.

package toast

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// lz4Input makes the deterministic inputs the expected outputs were
// computed for (with liblz4 1.9.4 through ctypes).
func lz4Input(kind string, n int) []byte {
	out := make([]byte, 0, n)
	switch kind {
	case "mod13":
		for j := 0; j < n; j++ {
			out = append(out, byte(j*7%13))
		}
	case "words":
		w := []string{"alpha ", "beta ", "gamma ", "postgres ", "lz4 "}
		for j := 0; len(out) < n; j++ {
			out = append(out, w[(j*j+3*j)%5]...)
		}
	case "lcg":
		x := uint32(12345)
		for j := 0; j < n; j++ {
			x = (x*1103515245 + 12345) & 0x7fffffff
			out = append(out, byte(x>>16))
		}
	case "runs":
		for j := 0; len(out) < n; j++ {
			out = append(out, bytes.Repeat([]byte{byte(65 + j%26)}, j%40+1)...)
		}
	}
	return out[:n]
}

func TestLZ4MatchesLiblz4(t *testing.T) {
	// Inputs below and above 64 kB + 11 bytes (16- and 32-bit position
	// tables), compressible and not.
	cases := []struct {
		kind   string
		n, len int
		sha256 string
	}{
		{"mod13", 13, 14, "6db5f4eb0533f1070111bb98bb87f45808eb35744a45bec93e7c3d6b20393415"},
		{"mod13", 100, 23, "d2825a36a819cbae48a4ab2f8e5c9b62e3da37e6171c168b726841db36164862"},
		{"mod13", 4000, 38, "1d46891a9621f5b1079994baf1c9d49db4007690bf364871a3fb9292d33743fa"},
		{"mod13", 65546, 279, "0dfa87b9c5ece5dfd98a62ef6c5d9a56dc6f90561986bf96f467565e530174af"},
		{"mod13", 65547, 279, "662bc425d2743e8b2c72d8688d5f16a4d4273123b5181a3d3fda143f84af8383"},
		{"mod13", 300000, 1199, "5d10e818118a66ed709904969db2b10f0e3e763c4437031dbfc42dbbc016db6e"},
		{"words", 13, 14, "1ca55a6427546a92803cec8900a5badb05d0e4bea42516a5f0ef816b602d8d97"},
		{"words", 100, 37, "b65fe4a1513a0ea9a461689e85c1ca391f1a27ad243fb1d66cf659ddffc346ce"},
		{"words", 4000, 52, "080399f4eef1f374e8b5a77bc6452d095eefc531606d990a2140d83b4711206a"},
		{"words", 65546, 293, "e07efd94bc69b91441a8471313d17eccc91ac59cf73653ede56218d7ee8f2d49"},
		{"words", 65547, 293, "031abcfd0fa1f3c7d0294d2387e05d62229a9791cf29d366fe420265a7fad003"},
		{"words", 300000, 1213, "ccc913e557f77820b220ec89a13b387a06e5d4ce93aa86b1fd2bf22379656ad1"},
		{"lcg", 13, 14, "8c7a40bcd035ee234b2528d9751de53409109ea5c531039efea3453f4c83d4d3"},
		{"lcg", 100, 102, "5f162036ae8c0f0a6118654b2d4f31d5d65bc19c6fedd9d886a53b04162d6a19"},
		{"lcg", 4000, 4017, "0783558cc5cd9c7f4fd9380dd911b049dbcfb9e5ffd81868119ada64fafda8d1"},
		{"lcg", 65546, 65804, "147dcea4dd33dc7aecf9c9ed45b9ff735c2e1ecb4ec0ed46e71f95b3a6e3ecf5"},
		{"lcg", 65547, 65805, "0a2fe408c69527cf706ed5b13d0c04e4ddbcb61290be5f25f3f4ab6abcd0e10b"},
		{"lcg", 300000, 301178, "70d9493da93dc63c334a4dce3036013727815b3fa330c1efe6f2cffe59e4a9f1"},
		{"runs", 13, 14, "df59eca42eebec4f112e4668f19ff388355eb923acbb9a4087fb97833eb4ebcb"},
		{"runs", 100, 56, "d1f1b0c7fe62fbaf35950bb285a389f9344ec61d6be5d6144f2dc41d3076096b"},
		{"runs", 4000, 891, "454fa9f44acb396330242192908f49d7c3a75732f833ebd61169cca2c14368bf"},
		{"runs", 65546, 2541, "c65578f4258239bf881dd96e36c7f06a98b73e608532a7ca834c3833b955b381"},
		{"runs", 65547, 2537, "4e26f2547a0b308ebf713b49f9e332e0812442ed081b1e07975ec692a48ad82b"},
		{"runs", 300000, 3456, "d6234798892ef0e2dbfa12aa26d2a3d1dd0467b65833acade534eab33135bd55"},
	}
	for _, c := range cases {
		in := lz4Input(c.kind, c.n)
		got := LZ4Compress(in)
		sum := sha256.Sum256(got)
		if len(got) != c.len || hex.EncodeToString(sum[:]) != c.sha256 {
			t.Errorf("%s %d: %d bytes (sha256 %x), liblz4 gives %d bytes (%s)", c.kind, c.n, len(got), sum, c.len, c.sha256)
		}
		back, err := LZ4Decompress(got, c.n)
		if err != nil || !bytes.Equal(back, in) {
			t.Errorf("%s %d: round trip: %v", c.kind, c.n, err)
		}
	}
	// One output in full.
	want, _ := hex.DecodeString("a2616c706861206c7a34200a0086706f73746772657309000218000f220024507374677265")
	if got := LZ4Compress(lz4Input("words", 100)); !bytes.Equal(got, want) {
		t.Errorf("words 100: %x, liblz4 gives %x", got, want)
	}
}

func TestLZ4RoundTrips(t *testing.T) {
	for n := 0; n < 300; n++ {
		for _, kind := range []string{"mod13", "words", "lcg", "runs"} {
			in := lz4Input(kind, n)
			back, err := LZ4Decompress(LZ4Compress(in), n)
			if err != nil || !bytes.Equal(back, in) {
				t.Fatalf("%s %d: %v", kind, n, err)
			}
		}
	}
}

func TestLZ4CorruptInput(t *testing.T) {
	in := lz4Input("words", 2000)
	c := LZ4Compress(in)
	check := func(name string, src []byte, rawsize int) {
		t.Helper()
		_, err := LZ4Decompress(src, rawsize)
		var pe *pgerr.Error
		if !errors.As(err, &pe) || pe.Code != pgerr.DataCorrupted || pe.Message != "compressed lz4 data is corrupt" {
			t.Fatalf("%s: %v", name, err)
		}
	}
	check("truncated", c[:len(c)-3], len(in))
	check("too small a buffer", c, len(in)-1)
	check("empty", nil, len(in))
	// An offset before the start of the output.
	check("offset", []byte{0x10, 'a', 0x05, 0x00, 0x00}, 100)
	check("zero offset", []byte{0x10, 'a', 0x00, 0x00, 0x00}, 100)
}

func TestCompressLZ4Datum(t *testing.T) {
	in := lz4Input("words", 5000)
	stored, ok := Compress(in, MethodLZ4)
	if !ok || CompressedMethod(stored) != MethodLZ4 || CompressedRawSize(stored) != len(in) {
		t.Fatalf("Compress lz4: ok %v", ok)
	}
	back, err := Decompress(stored)
	if err != nil || !bytes.Equal(back, in) {
		t.Fatalf("Decompress lz4: %v", err)
	}
	// Incompressible input is left as it is.
	if _, ok := Compress(lz4Input("lcg", 5000), MethodLZ4); ok {
		t.Fatal("random bytes compressed")
	}
	stored, ok = Compress(in, MethodPGLZ)
	if !ok || CompressedMethod(stored) != MethodPGLZ {
		t.Fatal("Compress pglz")
	}
	if AttrMethod('l', MethodPGLZ) != MethodLZ4 || AttrMethod('p', MethodLZ4) != MethodPGLZ || AttrMethod(0, MethodPGLZ) != MethodPGLZ || AttrMethod(0, MethodLZ4) != MethodLZ4 {
		t.Fatal("AttrMethod")
	}
}
