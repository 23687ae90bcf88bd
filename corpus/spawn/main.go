// Command spawn runs one program and reports how it ended and its peak
// resident memory, as JSON on file descriptor 3. The corpus harness starts
// every render through it because a child's ru_maxrss on Linux is at least
// the resident peak of the process it was started from: Go starts children
// with vfork, and exec records the shared memory's high-water mark as the
// child's. Started from the harness (which holds an extraction library and
// a corpus), every render would seem to use 100 MiB; started from this small
// process, its figure is its own.
//
//	spawn PROGRAM [ARG...]   3> result
//
// Standard input, output and error are the program's. The exit status is
// the program's, or 128 plus the signal that ended it. To stop the program,
// kill the process group spawn was started in (the harness starts it in a
// new one).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Result is what spawn writes on file descriptor 3.
type Result struct {
	Exit      int     `json:"exit"`             // -1 when a signal ended the program
	Signal    string  `json:"signal,omitempty"` // the signal that ended it
	MaxRSSKiB int64   `json:"max_rss_kib"`
	WallMS    float64 `json:"wall_ms"`         // from start to exit, without this process's own start
	CPUMS     float64 `json:"cpu_ms"`          // user and system time: what the work costs on a busy machine
	Error     string  `json:"error,omitempty"` // the program could not be started
}

func main() {
	out := os.NewFile(3, "result")
	if len(os.Args) < 2 || out == nil {
		fmt.Fprintln(os.Stderr, "usage: spawn PROGRAM [ARG...] 3>RESULT")
		os.Exit(2)
	}
	syscall.CloseOnExec(3) // the program must not hold the harness's pipe open
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	var res Result
	start := time.Now()
	err := cmd.Run()
	res.WallMS = float64(time.Since(start).Microseconds()) / 1000
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		res.Exit, res.Error = 127, err.Error()
	}
	if st := cmd.ProcessState; st != nil {
		res.Exit = st.ExitCode()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			res.MaxRSSKiB = ru.Maxrss // kilobytes on Linux
			res.CPUMS = float64((ru.Utime.Nano()+ru.Stime.Nano())/1000) / 1000
		}
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.Signal = ws.Signal().String()
		}
	}
	if err := json.NewEncoder(out).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "spawn:", err)
		os.Exit(2)
	}
	switch {
	case res.Signal != "":
		os.Exit(128 + int(cmd.ProcessState.Sys().(syscall.WaitStatus).Signal()))
	case res.Exit >= 0:
		os.Exit(res.Exit)
	}
	os.Exit(1)
}
