package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// csvReference is what encoding/csv (LazyQuotes, any field count) reads
// from b: each record as "line: fields".
func csvReference(b []byte, delim rune) ([]string, error) {
	cr := csv.NewReader(strings.NewReader(string(b)))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var out []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		line, _ := cr.FieldPos(0)
		out = append(out, fmt.Sprintf("%d: %q", line, rec))
	}
}

// scanned is what the record scanner reads from r, in the same form.
func scanned(r io.Reader, delim byte, size int) ([]string, error) {
	s := newRecordScanner(r, delim, size)
	var out []string
	for {
		line, rec, err := s.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, fmt.Sprintf("%d: %q", line, rec))
	}
}

func checkScannerAgrees(t *testing.T, b []byte, delim byte) {
	t.Helper()
	want, werr := csvReference(b, rune(delim))
	// small buffers move and grow often
	for _, size := range []int{1, 7, 64, 4096} {
		for name, r := range map[string]io.Reader{
			"whole":         strings.NewReader(string(b)),
			"a byte a read": iotest.OneByteReader(strings.NewReader(string(b))),
			"half reads":    iotest.HalfReader(strings.NewReader(string(b))),
		} {
			got, gerr := scanned(r, delim, size)
			if !slices.Equal(got, want) || (gerr == nil) != (werr == nil) {
				t.Fatalf("%s, buffer %d, input %q:\nscanner     %v, %v\nencoding/csv %v, %v", name, size, b, got, gerr, want, werr)
			}
		}
	}
}

// TestRecordScannerReadsAsEncodingCSV: the fast path (lines with no quote)
// and the lines it hands to encoding/csv give the records and line numbers
// encoding/csv gives for the whole file.
func TestRecordScannerReadsAsEncodingCSV(t *testing.T) {
	inputs := []string{
		"", "\n", "\r\n", "\r", "a", "a\r", "a\n", "a\r\n", "a\r\r\n", "a\rb\n",
		"h1,h2\n1,2\n", "h1,h2\n1,2", "h1,h2\n\n\n1,2\n\r\n3,4\r\n",
		",\n,,\n", "a,b,\n,c\n",
		"h\n\"x\ny\",2\n3,4\n", "h\n\"x\r\ny\",2\r\n3,4\r\n", "h\n\"unterminated,1\n2,3\n",
		"h\nab\"c,d\n1,2\n", "h\n\"a\"\"b\",c\n\"\"\n\"\",\"\"\n",
		"\"h1\",\"h2\"\n1,2\n", "h\n\"a\"b,c\nx,y\n", "h\n\"a\"\n\n\nb\n", "h\n\"a\nb\"\r",
		"h\n1,2\n\"tail", "h\n\"x\"\r\n\r\n\"y\"",
		"\ufeffTỉnh,Năm\nHà Nội,2019\r\nĐà Nẵng,\"20\n19\"\n",
	}
	for _, in := range inputs {
		for _, d := range []byte{',', ';', '\t'} {
			checkScannerAgrees(t, []byte(in), d)
			checkScannerAgrees(t, []byte(strings.ReplaceAll(in, ",", string(d))), d)
		}
	}
	// lines longer than the buffer, quoted and not
	long := strings.Repeat("x", 10000)
	checkScannerAgrees(t, []byte("h\n"+long+",1\n\""+long+"\n"+long+"\",2\n3\n"), ',')
}

func FuzzRecordScanner(f *testing.F) {
	for _, s := range []string{"h1,h2\n1,2\n", "h\n\"x\ny\",2\n3,4\r\n", "a\r", "h\n\"a\"\"b\",c\n\n", "h;k\n1;\"2\n"} {
		f.Add([]byte(s), byte(','))
	}
	f.Fuzz(func(t *testing.T, b []byte, delim byte) {
		if !fastDelimiter(rune(delim)) {
			return
		}
		checkScannerAgrees(t, b, delim)
	})
}
