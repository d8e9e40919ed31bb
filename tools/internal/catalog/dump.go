package catalog

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Dump writes every object to dir/schema/kind/name.sql, replacing what a
// previous dump left there: files of objects that no longer exist are
// removed, so that git shows exactly what changed. Other files under dir are
// left alone.
func (c *Catalog) Dump(dir string) (written int, err error) {
	want := map[string]string{}
	for _, k := range c.Keys() {
		want[filepath.FromSlash(k.Path())] = c.Objects[k].Def
	}
	// Remove the .sql files of a previous dump that are not wanted any more.
	if _, err := os.Stat(dir); err == nil {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			if d.IsDir() {
				if strings.HasPrefix(d.Name(), ".") && path != dir {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.Count(filepath.ToSlash(rel), "/") == 2 && strings.HasSuffix(rel, ".sql") {
				if _, ok := want[rel]; !ok {
					return os.Remove(path)
				}
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("dump: %w", err)
		}
	}
	for rel, def := range want {
		p := filepath.Join(dir, rel)
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
	// Empty directories left by removed objects.
	for range 2 {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && path != dir {
				if entries, _ := os.ReadDir(path); len(entries) == 0 {
					_ = os.Remove(path)
				}
			}
			return nil
		})
	}
	return written, nil
}
