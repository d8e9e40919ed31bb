// Package payload reads job payloads as docs/jobs.md defines them: a JSON
// object carrying everything the worker renders, amounts as strings holding
// the exact decimal, dates as ISO 8601, times as RFC 3339 with offset.
//
// A template reads the fields it needs through a P; the first problems
// (missing or malformed fields) are collected and reported together by Err,
// so a template reads straight through and checks once:
//
//	p, err := payload.Parse(raw)
//	name, amount := p.Str("to_name"), p.Amount("amount")
//	if err := p.Err(); err != nil { ... } // "payload: missing to_name; amount "12,5" is not a decimal"
package payload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// P is a payload object being read.
type P struct {
	path string // "" at the top, "lines[2]." inside a list
	m    map[string]json.RawMessage
	errs *[]string
}

// Parse reads a payload object.
func Parse(raw []byte) (*P, error) {
	var m map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("payload: not a JSON object: %w", err)
	}
	if m == nil {
		return nil, errors.New("payload: not a JSON object: null")
	}
	return &P{m: m, errs: new([]string)}, nil
}

// Err reports the missing and malformed fields read so far, nil when none.
func (p *P) Err() error {
	if len(*p.errs) == 0 {
		return nil
	}
	return errors.New("payload: " + strings.Join(*p.errs, "; "))
}

func (p *P) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, e := range *p.errs {
		if e == msg {
			return // a field read twice is reported once
		}
	}
	*p.errs = append(*p.errs, msg)
}

func (p *P) raw(name string) (json.RawMessage, bool) {
	v, ok := p.m[name]
	if !ok || string(v) == "null" {
		return nil, false
	}
	return v, true
}

// Opt returns an optional string field ("" when absent or null). A number
// or boolean is returned as written.
func (p *P) Opt(name string) string {
	s, _ := p.opt(name)
	return s
}

// opt is Opt reporting whether the field held something readable.
func (p *P) opt(name string) (string, bool) {
	v, ok := p.raw(name)
	if !ok {
		return "", true
	}
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, true
	}
	if t := string(v); t == "true" || t == "false" || numberRE.MatchString(t) {
		return t, true
	}
	p.fail("%s%s is not a string", p.path, name)
	return "", false
}

// Str returns a required, non-blank string field.
func (p *P) Str(name string) string {
	s, readable := p.opt(name)
	if readable && strings.TrimSpace(s) == "" {
		if _, ok := p.raw(name); !ok {
			p.fail("missing %s%s", p.path, name)
		} else {
			p.fail("%s%s is blank", p.path, name)
		}
	}
	return s
}

// Bool returns a required boolean field.
func (p *P) Bool(name string) bool {
	v, ok := p.raw(name)
	if !ok {
		p.fail("missing %s%s", p.path, name)
		return false
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		p.fail("%s%s is not a boolean", p.path, name)
	}
	return b
}

var (
	numberRE   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Amount returns a required decimal (a JSON string such as "1234.50"; a
// JSON number is accepted as written), exactly as given.
func (p *P) Amount(name string) string {
	s := p.Str(name)
	if s != "" && !numberRE.MatchString(s) {
		p.fail("%s%s %q is not a decimal", p.path, name, s)
	}
	return s
}

// Currency returns a required ISO 4217 code.
func (p *P) Currency(name string) string {
	s := p.Str(name)
	if s != "" && !currencyRE.MatchString(s) {
		p.fail("%s%s %q is not a currency code", p.path, name, s)
	}
	return s
}

// Date returns a required ISO 8601 date (2026-11-29).
func (p *P) Date(name string) time.Time {
	s := p.Str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.fail("%s%s %q is not a date (YYYY-MM-DD)", p.path, name, s)
	}
	return t
}

// Month returns a required month (2026-11).
func (p *P) Month(name string) time.Time {
	s := p.Str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		p.fail("%s%s %q is not a month (YYYY-MM)", p.path, name, s)
	}
	return t
}

// Time returns a required RFC 3339 time, in the offset it was written with.
func (p *P) Time(name string) time.Time {
	s := p.Str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.fail("%s%s %q is not an RFC 3339 time", p.path, name, s)
	}
	return t
}

// List returns a required array of objects (empty is allowed).
func (p *P) List(name string) []*P {
	v, ok := p.raw(name)
	if !ok {
		p.fail("missing %s%s", p.path, name)
		return nil
	}
	var items []map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	if err := d.Decode(&items); err != nil {
		p.fail("%s%s is not a list of objects", p.path, name)
		return nil
	}
	out := make([]*P, len(items))
	for i, m := range items {
		if m == nil {
			m = map[string]json.RawMessage{}
		}
		out[i] = &P{path: fmt.Sprintf("%s%s[%d].", p.path, name, i), m: m, errs: p.errs}
	}
	return out
}

// Date formats for documents and messages: one style everywhere.
const (
	DateLayout = "2 January 2006"
	TimeLayout = "2 January 2006 15:04 -07:00"
)
