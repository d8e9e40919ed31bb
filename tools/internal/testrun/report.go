package testrun

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/fatih/color"

	"thick/tools/internal/build"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
	"thick/tools/internal/tap"
)

// printer writes the per-file lines and the closing summary.
type printer struct {
	w                   io.Writer
	verbose, colour     bool
	ok, fail, dim, warn *color.Color
}

func newPrinter(w io.Writer, colour, verbose bool) *printer {
	p := &printer{
		w:       w,
		verbose: verbose,
		colour:  colour,
		ok:      color.New(color.FgGreen),
		fail:    color.New(color.FgRed, color.Bold),
		dim:     color.New(color.Faint),
		warn:    color.New(color.FgYellow),
	}
	for _, c := range []*color.Color{p.ok, p.fail, p.dim, p.warn} {
		if colour {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

// file prints one file's line and, under a failure, each failed assertion
// with its source line and diagnostics, the plan problems and the SQL error.
func (p *printer) file(f *File) {
	elapsed := p.dim.Sprint(fmtDuration(f.Elapsed))
	if f.Retries > 0 {
		elapsed += p.warn.Sprintf("  (run %d times: deadlock with another file)", f.Retries+1)
	}
	if f.Waited > 0 {
		whose := "other sessions"
		if len(f.WaitedFor) > 0 {
			whose = strings.Join(f.WaitedFor, ", ")
		}
		elapsed += p.dim.Sprintf("  (waited %s for locks of %s)", fmtDuration(f.Waited), whose)
	}
	n := f.Passed() + f.Failed() + f.Skipped() + f.Todo()
	if f.Suite != nil && f.Suite.SkipAll != "" && len(f.Suite.Assertions) == 0 {
		n = 0
	}
	if f.OK() {
		what := fmt.Sprintf("%d %s", n, plural.S(n, "assertion"))
		if f.Suite != nil && f.Suite.SkipAll != "" {
			what = p.warn.Sprint("skipped: " + f.Suite.SkipAll)
		} else if extra := skipTodo(f.Skipped(), f.Todo()); extra != "" {
			what += " " + p.warn.Sprint("("+extra+")")
		}
		fmt.Fprintf(p.w, "%s %s  %s  %s\n", p.ok.Sprint("ok    "), f.Path, what, elapsed)
	} else {
		fmt.Fprintf(p.w, "%s %s  %d/%d passed  %s\n", p.fail.Sprint("FAILED"), f.Path, f.Passed()+f.Skipped()+f.Todo(), n, elapsed)
	}
	if p.verbose {
		for _, l := range f.Lines {
			for _, t := range strings.Split(l.Text, "\n") {
				fmt.Fprintf(p.w, "    %s\n", p.dim.Sprint(t))
			}
		}
	}
	if f.Suite != nil {
		for _, a := range f.Suite.Assertions {
			if !a.Failed() {
				continue
			}
			fmt.Fprintf(p.w, "    %s\n", p.fail.Sprint(a.Raw))
			fmt.Fprintf(p.w, "    at %s:%d\n", f.Path, a.Src)
			for _, d := range a.Diagnostics {
				fmt.Fprintf(p.w, "    %s\n", p.dim.Sprint("# "+d))
			}
		}
		if !f.OK() {
			for _, pr := range f.Suite.Problems {
				fmt.Fprintf(p.w, "    %s\n", p.fail.Sprint(pr))
			}
		}
	}
	if f.Err != nil {
		var se *build.SQLError
		if errors.As(f.Err, &se) {
			for _, l := range strings.Split(strings.TrimRight(se.Format(p.colour), "\n"), "\n") {
				fmt.Fprintf(p.w, "    %s\n", l)
			}
		} else {
			fmt.Fprintf(p.w, "    %s\n", p.fail.Sprint(f.Err.Error()))
		}
	}
}

// summary prints the closing line, alone on its line: `N passed, N failed`,
// then `, N skipped` and `, N todo` when there are any.
func (p *printer) summary(s *Summary) {
	c := p.ok
	if s.Failed > 0 || s.Passed == 0 {
		c = p.fail
	}
	fmt.Fprintln(p.w, c.Sprint(closingLine(s)))
}

// closingLine is the run's last line, in the form CI readers parse.
func closingLine(s *Summary) string {
	line := fmt.Sprintf("%d passed, %d failed", s.Passed, s.Failed)
	if extra := skipTodo(s.Skipped, s.Todo); extra != "" {
		line += ", " + extra
	}
	return line
}

func skipTodo(skipped, todo int) string {
	var parts []string
	if skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", skipped))
	}
	if todo > 0 {
		parts = append(parts, fmt.Sprintf("%d todo", todo))
	}
	return strings.Join(parts, ", ")
}

func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}

// JUnit XML: one testsuite per file, one testcase per assertion, plus a
// testcase for a plan problem or an SQL error.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the report of the files that ran and, in a suite of
// their own, of what failed outside them (the build, the setup, no files).
func writeJUnit(path string, files []*File, total time.Duration, runErrs []junitCase) error {
	doc := junitSuites{Time: secs(total)}
	if len(runErrs) > 0 {
		s := junitSuite{Name: "thick test", Tests: len(runErrs), Errors: len(runErrs), Time: secs(total), Cases: runErrs}
		doc.Tests += s.Tests
		doc.Errors += s.Errors
		doc.Suites = append(doc.Suites, s)
	}
	for _, f := range files {
		s := junitSuite{Name: f.Path, Time: secs(f.Elapsed)}
		if f.Suite != nil {
			for _, a := range f.Suite.Assertions {
				name := fmt.Sprintf("%d", a.Number)
				if a.Description != "" {
					name += " - " + a.Description
				}
				c := junitCase{Name: name, Classname: f.Path, File: f.Path, Line: a.Src}
				switch {
				case a.Failed():
					c.Failure = &junitMessage{Message: failureMessage(f.Path, a), Text: strings.Join(append([]string{a.Raw}, a.Diagnostics...), "\n")}
					s.Failures++
				case a.Directive != "":
					c.Skipped = &junitMessage{Message: a.Directive + " " + a.Reason}
					s.Skipped++
				}
				s.Cases = append(s.Cases, c)
			}
			// planned assertions that never ran fail one by one, so the
			// counts match the closing line
			for n := len(f.Suite.Assertions) + 1; n <= f.Suite.Planned; n++ {
				s.Cases = append(s.Cases, junitCase{Name: fmt.Sprintf("%d - not run", n), Classname: f.Path, File: f.Path,
					Failure: &junitMessage{Message: "planned but not run"}})
				s.Failures++
			}
			if f.Suite.Missing() == 0 && len(f.Suite.Problems) > 0 {
				s.Cases = append(s.Cases, junitCase{Name: "plan", Classname: f.Path, File: f.Path,
					Failure: &junitMessage{Message: strings.Join(f.Suite.Problems, "; ")}})
				s.Failures++
			}
		}
		if f.Err != nil {
			c := junitCase{Name: "sql error", Classname: f.Path, File: f.Path,
				Error: &junitMessage{Message: firstLine(f.Err.Error()), Text: errText(f.Err)}}
			var se *build.SQLError
			if errors.As(f.Err, &se) && se.Path == f.Path {
				c.Line = se.Line
			}
			s.Cases = append(s.Cases, c)
			s.Errors++
		}
		s.Tests = len(s.Cases)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Suites = append(doc.Suites, s)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	b = append([]byte(xml.Header), append(b, '\n')...)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	return nil
}

// failureMessage names a failed assertion and where it was written.
func failureMessage(path string, a tap.Assertion) string {
	desc := a.Description
	if desc == "" {
		desc = fmt.Sprintf("assertion %d", a.Number)
	}
	return fmt.Sprintf("%s (%s:%d)", desc, path, a.Src)
}

// buildErrorCase is the report's test case for a build or setup error:
// located at the error's file and line, its message the compiler-style
// first line.
func buildErrorCase(err error) junitCase {
	c := junitCase{Name: "rebuild", Classname: "thick test",
		Error: &junitMessage{Message: firstLine(err.Error()), Text: errText(err)}}
	var se *build.SQLError
	var pe *project.PreflightError
	switch {
	case errors.As(err, &se):
		c.File, c.Line = se.Path, se.Line
		if strings.HasPrefix(se.File, SetupDir+"/") {
			c.Name = "setup"
		}
	case errors.As(err, &pe) && len(pe.Problems) > 0:
		c.File, c.Line = pe.Problems[0].Path, pe.Problems[0].Line
	}
	return c
}

func errText(err error) string {
	var se *build.SQLError
	if errors.As(err, &se) {
		return se.Format(false)
	}
	return err.Error()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
