//go:build linux

package images

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// memoryBound is what the package doc promises for a 50-megapixel JPEG
// (8660×5774, 4:2:0, as cameras write) printed 450 pt wide: the peak
// resident memory of a process that does nothing else, runtime included.
// Measured: 97 MiB for one load, 101 to 102 MiB for two at once (the second copy
// of the file's 7 MiB); the decoded planes alone are 72 MiB. Without the
// collection after a large decode (process), two at once peaked at 177 MiB.
const memoryBound = 128 << 20

// TestMemory50MP measures, in a process of its own, the peak resident
// memory (getrusage's ru_maxrss, which no sampling can miss) of loading a
// 50-megapixel JPEG; and of loading it twice at once with a decoding budget
// that fits one decode, which must peak no higher: the budget makes the
// second wait.
func TestMemory50MP(t *testing.T) {
	if f := os.Getenv("IMAGES_MEMORY_FILE"); f != "" {
		memoryChild(t, f)
		return
	}
	if testing.Short() || raceEnabled {
		t.Skip("makes a 50-megapixel JPEG; measures memory, which -race multiplies")
	}
	dir := t.TempDir()
	data := encJPEG(t, photo(8660, 5774, 1), 85)
	file := filepath.Join(dir, "big.jpg")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := inspect(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a %d×%d JPEG of %.1f MiB; decoding it is estimated at %.1f MiB", in.w, in.h, float64(len(data))/(1<<20), float64(in.cost)/(1<<20))
	data = nil

	peaks := map[int]int64{}
	for _, n := range []int{1, 2} {
		// A bound on a hang, not a timing assertion: the child takes
		// about two seconds a load.
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestMemory50MP$", "-test.count=1")
		cmd.Env = append(os.Environ(), "IMAGES_MEMORY_FILE="+file, fmt.Sprintf("IMAGES_MEMORY_N=%d", n))
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
		_, rest, ok := strings.Cut(string(out), "heap ")
		if !ok {
			t.Fatalf("no measure in\n%s", out)
		}
		heap, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
		peaks[n] = rss
		t.Logf("%d load(s) at once: peak RSS %.1f MiB, peak heap in use (sampled) %.1f MiB", n, float64(rss)/(1<<20), float64(heap)/(1<<20))
		if rss > memoryBound {
			t.Errorf("%d load(s) of a 50-megapixel JPEG at once peaked at %.1f MiB, more than the %d MiB promised", n, float64(rss)/(1<<20), memoryBound>>20)
		}
	}
}

// memoryChild loads the file IMAGES_MEMORY_N times at once, each for an
// article of its own (so that nothing is shared), with a decoding budget
// that fits one decode; it prints the peak heap it sampled.
func memoryChild(t *testing.T, file string) {
	n, _ := strconv.Atoi(os.Getenv("IMAGES_MEMORY_N"))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	in, err := inspect(data)
	if err != nil {
		t.Fatal(err)
	}
	data = nil
	l := NewLoader(Options{DecodeMemory: in.cost * 3 / 2})
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			p, err := l.Article(os.DirFS(filepath.Dir(file))).Load(context.Background(), filepath.Base(file), 450)
			if err != nil {
				t.Error(err)
				return
			}
			if p.Width != 1250 {
				t.Errorf("%d px wide", p.Width)
			}
		})
	}
	wg.Wait()
	close(stop)
	<-sampled
	fmt.Printf("heap %d\n", peak)
}
