package store

// SetMaxScanUnits sets the size under which a walk reads a child's units in
// tree order instead of entering it, and returns a function restoring it:
// tests use 0 to make walks enter every child.
func SetMaxScanUnits(n int64) (restore func()) {
	old := maxScanUnits
	maxScanUnits = n
	return func() { maxScanUnits = old }
}
