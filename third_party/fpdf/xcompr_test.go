package fpdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"sync"
	"testing"
)

// Compressed streams read back as what was compressed, one after another
// and at once from many goroutines, with the writers reused from the pool.
func TestCompressRoundTrip(t *testing.T) {
	inputs := [][]byte{nil, []byte("x"), bytes.Repeat([]byte("BT /F1 11 Tf (text) Tj ET\n"), 5000)}
	check := func(in []byte) {
		mem := xmem.compress(in)
		defer mem.release()
		zr, err := zlib.NewReader(bytes.NewReader(mem.bytes()))
		if err != nil {
			t.Error(err)
			return
		}
		out, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(out, in) {
			t.Errorf("%d bytes came back as %d (%v)", len(in), len(out), err)
		}
	}
	for range 3 {
		for _, in := range inputs {
			check(in)
		}
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			check(inputs[i%len(inputs)])
		}()
	}
	wg.Wait()
}

// The pool is the point: a stream compressed with a reused writer allocates
// a small fraction of the megabyte a new zlib writer costs.
func TestCompressReusesWriters(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop writers at random")
	}
	data := bytes.Repeat([]byte("BT /F1 11 Tf (text) Tj ET\n"), 100)
	xmem.compress(data).release() // a writer in the pool
	allocs := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			xmem.compress(data).release()
		}
	}).AllocedBytesPerOp()
	if allocs > 64<<10 {
		t.Errorf("a compressed stream allocates %d bytes; a pooled writer should need almost none", allocs)
	}
}
