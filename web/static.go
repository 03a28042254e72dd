package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// staticFiles serves the embedded assets under content-hashed URLs
// (/static/app.3f2a9c1e.css), cached for a year; a new build changes the URL.
type staticFiles struct {
	byURL  map[string]staticFile
	byName map[string]string // "app.css" → "/static/app.3f2a9c1e.css"
}

type staticFile struct {
	body        []byte
	contentType string
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byURL: map[string]staticFile{}, byName: map[string]string{}}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		if ext != ".css" && ext != ".js" && ext != ".svg" && ext != ".png" && ext != ".ico" {
			return nil
		}
		body, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}[ext]
		sf.byURL[url] = staticFile{body: body, contentType: ct}
		sf.byName[name] = url
		return nil
	})
	return sf, err
}

// URL returns the hashed URL of an asset, for templates.
func (sf *staticFiles) URL(name string) string { return sf.byName[name] }

func (sf *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := sf.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}
