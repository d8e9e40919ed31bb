package testrun

// The order files start in. Output keeps the plan's order; only the start
// order changes:
//   - longest first, by each file's time in the last run (timings.json
//     under .thick/), so that no long file starts last while the other
//     workers idle; a file never timed counts as the longest (it may be);
//   - a file whose group (its folder under tests/) is running on another
//     worker waits when a file of another group can start: files of one
//     application lock the same demo rows, and on a shared database one
//     then waits for the other's whole transaction.

import (
	"cmp"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// timingsFile keeps the files' durations of the last run, by path (thick's
// own file: under <root>/.thick even when a cluster lives elsewhere).
func timingsFile(root string) string {
	return filepath.Join(root, ".thick", "timings.json")
}

// readTimings returns the durations of the last run (empty when unknown).
func readTimings(root string) map[string]time.Duration {
	out := map[string]time.Duration{}
	b, err := os.ReadFile(timingsFile(root))
	if err != nil {
		return out
	}
	var ms map[string]int64
	if json.Unmarshal(b, &ms) != nil {
		return out
	}
	for p, v := range ms {
		out[p] = time.Duration(v) * time.Millisecond
	}
	return out
}

// writeTimings merges the durations of this run's files into the record
// (best effort: the record only orders files).
func writeTimings(root string, files []*File) {
	if len(files) == 0 {
		return
	}
	ms := map[string]int64{}
	for p, d := range readTimings(root) {
		ms[p] = d.Milliseconds()
	}
	for _, f := range files {
		if f.Elapsed > 0 {
			ms[f.Path] = f.Elapsed.Milliseconds()
		}
	}
	b, err := json.MarshalIndent(ms, "", "  ")
	if err != nil {
		return
	}
	dir := filepath.Dir(timingsFile(root))
	if err := os.MkdirAll(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return
	}
	tmp, err := os.CreateTemp(dir, "timings-*.json")
	if err != nil {
		return
	}
	_, werr := tmp.Write(append(b, '\n'))
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), timingsFile(root)) != nil {
		_ = os.Remove(tmp.Name())
	}
}

// group is the folder of a test file under tests/ ("" for a file at its top).
func group(rel string) string {
	dir := path.Dir(rel)
	if dir == "tests" || dir == "." {
		return ""
	}
	return dir
}

// aloneMark on the first line of a test file asks that no other file run
// while it does: it takes a lock every other file would queue behind (a
// truncate, a lock table), so on a shared database the files would stall
// one another. Alone files start first, one at a time.
const aloneMark = "-- thick: alone"

// scheduler hands the workers the plan's files by index.
type scheduler struct {
	mu      sync.Mutex
	wake    *sync.Cond
	files   []string
	cost    []time.Duration
	alone   []bool
	left    []int          // not started yet: alone files, then longest first
	running map[string]int // group -> files of it running
	total   int            // files running
	solo    bool           // an alone file is running
}

func newScheduler(files []string, last map[string]time.Duration, alone func(i int) bool) *scheduler {
	s := &scheduler{files: files, cost: make([]time.Duration, len(files)), alone: make([]bool, len(files)), running: map[string]int{}}
	s.wake = sync.NewCond(&s.mu)
	var longest time.Duration
	for _, d := range last {
		longest = max(longest, d)
	}
	for i, f := range files {
		d, ok := last[f]
		if !ok {
			d = longest + 1 // never timed: first
		}
		s.cost[i] = d
		s.alone[i] = alone(i)
		s.left = append(s.left, i)
	}
	// stable: equal costs (a first run) keep the plan's order
	slices.SortStableFunc(s.left, func(a, b int) int {
		if s.alone[a] != s.alone[b] {
			if s.alone[a] {
				return -1
			}
			return 1
		}
		return cmp.Compare(s.cost[b], s.cost[a])
	})
	return s
}

// next returns the file for worker to start, or -1 when none is left; it
// waits while an alone file runs, or while files run and the next is an
// alone one. Alone files go to worker 0 (the others wait for them anyway):
// its session keeps the second sessions the lock suites open from one run
// of a watch to the next, warm (takeIdle, tests.close_second_session).
func (s *scheduler) next(worker int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.left) > 0 && (s.solo || (s.alone[s.left[0]] && (s.total > 0 || worker != 0))) {
		s.wake.Wait()
	}
	if len(s.left) == 0 {
		return -1
	}
	pick := 0
	if !s.alone[s.left[0]] {
		for k, i := range s.left {
			if s.running[group(s.files[i])] == 0 {
				pick = k
				break
			}
		}
	}
	i := s.left[pick]
	s.left = append(s.left[:pick], s.left[pick+1:]...)
	s.running[group(s.files[i])]++
	s.total++
	s.solo = s.alone[i]
	return i
}

// done says file i ended.
func (s *scheduler) done(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running[group(s.files[i])]--
	s.total--
	if s.alone[i] {
		s.solo = false
	}
	s.wake.Broadcast()
}

// rest takes the files not started (the run was cancelled).
func (s *scheduler) rest() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.left
	s.left = nil
	s.wake.Broadcast()
	return r
}
