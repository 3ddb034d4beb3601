package connectedapps

import (
	"io"
	"strings"
	"testing"
)

// The pasted-address reader takes one line and not a byte more, so that a
// program reading the same input after Login gets all of its own.
func TestReadLineLeavesTheRestOfTheInput(t *testing.T) {
	in := strings.NewReader("http://127.0.0.1:8765/callback?code=c&state=s\r\nthe program's next answer\n")
	line, err := readLine(in, maxPastedLine)
	if err != nil || line != "http://127.0.0.1:8765/callback?code=c&state=s" {
		t.Fatalf("line %q, err %v", line, err)
	}
	rest, _ := io.ReadAll(in)
	if string(rest) != "the program's next answer\n" {
		t.Fatalf("the reader took more than its line: %q is left", rest)
	}
	if _, err := readLine(strings.NewReader(strings.Repeat("x", 100)), 10); err == nil {
		t.Fatal("a line over the limit was accepted")
	}
	if line, err := readLine(strings.NewReader("last line without newline"), 100); err != nil || line != "last line without newline" {
		t.Fatalf("line %q, err %v", line, err)
	}
}
