package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Manifest is the file, in a dump's directory, that lists the files the dump
// wrote, one slash-separated path relative to the directory a line. The next
// dump removes only files it lists: a dump never deletes a file it did not
// write.
const Manifest = ".thick-dump"

const manifestHeader = "# thick dump: the files it wrote; the next dump removes those of objects gone\n"

// Dump writes every object to dir/schema/kind/name.sql, replacing what a
// previous dump left there: the files of objects that no longer exist are
// removed, so that git shows exactly what changed. Only files listed in the
// previous dump's manifest (dir/.thick-dump) are ever removed; other files
// under dir are left alone. A directory that exists, is not empty and holds
// no manifest is refused, with nothing written or deleted.
func (c *Catalog) Dump(dir string) (written int, err error) {
	want := map[string]string{}
	by := map[string]Key{}
	for _, k := range c.Keys() {
		rel := k.Path()
		if !dumpFile(rel) {
			return 0, fmt.Errorf("dump: %s: file %q would not be under %s: refused, nothing written or deleted", k, rel, dir)
		}
		if prev, dup := by[rel]; dup {
			return 0, fmt.Errorf("dump: %s and %s would both be written to %s: refused, nothing written or deleted", prev, k, rel)
		}
		by[rel] = k
		want[rel] = c.Objects[k].Def
	}
	old, err := readManifest(dir)
	if err != nil {
		return 0, fmt.Errorf("dump: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("dump: %w", err)
	}
	// Until the dump is complete, the manifest lists the old files and the
	// new: an interrupted dump leaves none of its files unaccounted for.
	both := map[string]bool{}
	for _, rel := range old {
		both[rel] = true
	}
	for rel := range want {
		both[rel] = true
	}
	if err := writeManifest(dir, both); err != nil {
		return 0, fmt.Errorf("dump: %w", err)
	}
	// Remove the files of the previous dump that are not wanted any more,
	// then the directories they leave empty.
	for _, rel := range old {
		if _, ok := want[rel]; ok {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("dump: %w", err)
		}
		for d := filepath.Dir(p); d != filepath.Clean(dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil { // not empty (or gone): stop there
				break
			}
		}
	}
	paths := make([]string, 0, len(want))
	for rel := range want {
		paths = append(paths, rel)
	}
	sort.Strings(paths)
	for _, rel := range paths {
		def := want[rel]
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if old, err := os.ReadFile(p); err == nil && string(old) == def {
			written++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, fmt.Errorf("dump: %w", err)
		}
		if err := os.WriteFile(p, []byte(def), 0o644); err != nil {
			return written, fmt.Errorf("dump: %w", err)
		}
		written++
	}
	keep := map[string]bool{}
	for rel := range want {
		keep[rel] = true
	}
	if err := writeManifest(dir, keep); err != nil {
		return written, fmt.Errorf("dump: %w", err)
	}
	return written, nil
}

// readManifest returns the files the previous dump into dir wrote: none when
// dir does not exist or is empty, an error when dir holds files but no
// manifest (it is not a dump's directory) or the manifest lists a path that
// is not a dump's file.
func readManifest(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	bs, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		if len(entries) == 0 {
			return nil, nil
		}
		return nil, fmt.Errorf("%s is not empty and holds no %s (the list of files a previous dump wrote): refused, nothing written or deleted; dump into a new or empty directory", dir, Manifest)
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for i, line := range strings.Split(string(bs), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !dumpFile(line) {
			return nil, fmt.Errorf("%s:%d: %q is not a file a dump writes (schema/kind/name.sql): refused, nothing written or deleted", filepath.Join(dir, Manifest), i+1, line)
		}
		out = append(out, line)
	}
	return out, nil
}

// dumpFile reports whether rel has the shape of a file a dump writes:
// three local, slash-separated parts, the last ending in .sql.
func dumpFile(rel string) bool {
	parts := strings.Split(rel, "/")
	return len(parts) == 3 && strings.HasSuffix(rel, ".sql") && filepath.IsLocal(filepath.FromSlash(rel)) &&
		!strings.ContainsAny(rel, "\\\x00") && parts[0] != "" && parts[1] != ""
}

func writeManifest(dir string, files map[string]bool) error {
	lines := make([]string, 0, len(files))
	for rel := range files {
		lines = append(lines, rel)
	}
	sort.Strings(lines)
	var b strings.Builder
	b.WriteString(manifestHeader)
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	tmp := filepath.Join(dir, Manifest+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, Manifest))
}
