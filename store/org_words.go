package store

import (
	"slices"
	"strings"
)

// The word index of organizations (migration 0011): each distinct word of
// an organization's search key, kept with the key.

// orgWords returns the distinct words of a search key, sorted.
func orgWords(key string) []string {
	words := strings.Fields(key)
	slices.Sort(words)
	return slices.Compact(words)
}

// indexOrgWords rewrites the words of the organizations ids from their
// stored search keys.
func (tx *Tx) indexOrgWords(ids ...int64) error {
	return chunks(ids, func(part []int64) error {
		in := `(` + placeholders(len(part)) + `)`
		if _, err := tx.Exec(`DELETE FROM org_words WHERE org_id IN `+in, int64Args(part)...); err != nil {
			return err
		}
		return tx.insertOrgWords(`SELECT id, search_key FROM orgs WHERE id IN `+in, int64Args(part)...)
	})
}

// insertOrgWords inserts the words of the organizations a query (id,
// search_key) selects.
func (tx *Tx) insertOrgWords(q string, args ...any) error {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return err
	}
	type pair struct {
		word string
		org  int64
	}
	var pairs []pair
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return err
		}
		for _, w := range orgWords(key) {
			pairs = append(pairs, pair{w, id})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.insertRows(`INSERT INTO org_words (word, org_id) VALUES `, `(?, ?)`, 500, len(pairs), func(args []any, i int) []any {
		return append(args, pairs[i].word, pairs[i].org)
	})
}

// reindexOrgWords rebuilds the whole word index (migration 0011, bulk loads).
func (tx *Tx) reindexOrgWords() error {
	if _, err := tx.Exec(`DELETE FROM org_words`); err != nil {
		return err
	}
	return tx.insertOrgWords(`SELECT id, search_key FROM orgs`)
}

// maxWordRows is how many index rows of a word the search counts before it
// calls the word common.
const maxWordRows = 5000

// rarestWord returns the condition on index rows w to drive a search
// from: that of the query word with the fewest rows (a whole word, or, for
// the last word, which the user may still be typing, every word starting
// with it), and how many rows it has, up to maxWordRows.
func (tx *Tx) rarestWord(words []string) (cond string, args []any, n int, err error) {
	n = -1
	for i, w := range words {
		c, a := "w.word = ?", []any{w}
		if i == len(words)-1 {
			// U+10FFFF encodes as the greatest UTF-8 sequence: every word
			// starting with w sorts before w followed by it ("C" order).
			c, a = "w.word >= ? AND w.word < ?", []any{w, w + "\U0010FFFF"}
		}
		var rows int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM org_words w WHERE `+c+` LIMIT ?) x`, append(a, maxWordRows)...).Scan(&rows); err != nil {
			return "", nil, 0, err
		}
		if n < 0 || rows < n {
			cond, args, n = c, a, rows
		}
	}
	return cond, args, n, nil
}
