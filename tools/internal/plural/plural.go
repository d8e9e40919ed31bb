// Package plural picks the singular or the plural of a word for a count in
// thick's messages ("1 file", "2 files").
package plural

// S is word for one, word + "s" for any other count.
func S(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Of is one for a count of one, many for any other: for plurals that are not
// word + "s" ("object differs", "objects differ").
func Of(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
