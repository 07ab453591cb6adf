package config

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// temp_buffers may change until the session made its local buffers, then
// only to the same value (check_temp_buffers); a validity test passes.
func TestTempBuffersFixedOnceUsed(t *testing.T) {
	s := New()
	made := int64(0)
	s.LocalBuffers = func() int64 { return made }
	if err := s.Set("temp_buffers", "300", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	made = 300
	if err := s.Set("temp_buffers", "300", ContextUser, SourceSession); err != nil {
		t.Fatalf("same value refused: %v", err)
	}
	err := s.Set("temp_buffers", "400", ContextUser, SourceSession)
	pe, ok := err.(*pgerr.Error)
	if !ok || pe.Code != pgerr.InvalidParameterValue || pe.Message != `invalid value for parameter "temp_buffers": 400` ||
		pe.Detail != `"temp_buffers" cannot be changed after any temporary tables have been accessed in the session.` {
		t.Fatalf("change after use: %v", err)
	}
	if err := s.Set("temp_buffers", "400", ContextUser, SourceTest); err != nil {
		t.Fatalf("validity test refused: %v", err)
	}
	if got := s.Int("temp_buffers"); got != 300 {
		t.Fatalf("temp_buffers is %d", got)
	}
}
