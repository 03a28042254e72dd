package web_test

import (
	"os"
	"path/filepath"
	"testing"
)

var tempRoot string

func TestMain(m *testing.M) {
	code := m.Run()
	if tempRoot != "" {
		os.RemoveAll(tempRoot)
	}
	os.Exit(code)
}

func makeTempDir() (string, error) {
	dir, err := os.MkdirTemp("", "bontot-web-test-")
	tempRoot = dir
	return filepath.Clean(dir), err
}
