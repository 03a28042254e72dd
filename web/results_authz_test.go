package web_test

import "bontot"

// The results pages: every role that reads the tree, on its subtree only.
func init() {
	routes = append(routes,
		route{"GET", "/results", "", readers, false, false},
		route{"GET", "/results?org={cell}", "", readers, true, false},
		// {parent} is the secretary's đảng bộ, above the secretary's cell.
		route{"GET", "/results?org={parent}", "", []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee, bontot.RoleSponsor, bontot.RoleViewer}, true, false},
		route{"GET", "/results/recognised?org={cell}", "", readers, true, false},
		route{"GET", "/results/units?org={cell}", "", readers, true, false},
		route{"GET", "/results/export?table=summary&org={cell}", "", readers, true, false},
		route{"GET", "/results/export?table=units&org={cell}", "", readers, true, false},
	)
}
