package store

import (
	"context"

	"bontot"
)

// The deployment_rollup counters (migration 0010): for a campaign and an
// organization, the grassroots organizations of its subtree that recorded a
// launch, a dissemination, a deployment, and both a launch and a deployment.

// deploymentCounts is one organization's deployment as counters.
func deploymentCounts(d *bontot.Deployment) counts4 {
	var c counts4
	if d == nil {
		return c
	}
	b := func(ok bool) int64 {
		if ok {
			return 1
		}
		return 0
	}
	launched, deployed := !d.LaunchedOn.IsZero(), !d.DeployedOn.IsZero()
	return counts4{b(launched), b(!d.DisseminatedOn.IsZero()), b(deployed), b(launched && deployed)}
}

func (c counts4) deploymentTally(units int64) bontot.DeploymentTally {
	return bontot.DeploymentTally{Units: units, Launched: c[0], Disseminated: c[1], Deployed: c[2], Complete: c[3]}
}

// deploymentShare is the share of a campaign's launch and deployment.
func deploymentShare(campaignID int64) *shareKind {
	return &shareKind{
		rollup:  "deployment_rollup",
		cols:    [4]string{"launched", "disseminated", "deployed", "complete"},
		key:     "r.campaign_id = ?",
		keyArgs: []any{campaignID},
		isUnit:  RecordsDeployment,
		inOrder: func(tx *Tx, lo, hi string, day bontot.Date, limit, offset int) ([]*bontot.Org, error) {
			return tx.undeployedInOrder(campaignID, lo, hi, day, limit, offset)
		},
		units:   func(_, committees, baseCells int64) int64 { return committees + baseCells },
		pending: func(units int64, c counts4) int64 { return units - c[3] },
		own: func(tx *Tx, ids []int64) (map[int64]counts4, error) {
			out := map[int64]counts4{}
			err := tx.eachDeployment(campaignID, ids, func(d *bontot.Deployment) { out[d.OrgID] = deploymentCounts(d) })
			return out, err
		},
	}
}

// eachDeployment calls fn with the dates each of the organizations ids
// recorded of a campaign (those that recorded something).
func (tx *Tx) eachDeployment(campaignID int64, ids []int64, fn func(*bontot.Deployment)) error {
	return chunks(ids, func(part []int64) error {
		rows, err := tx.Query(`SELECT org_id, launched_on, disseminated_on, deployed_on FROM deployments WHERE campaign_id = ? AND org_id IN (`+placeholders(len(part))+`)`,
			append([]any{campaignID}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d bontot.Deployment
			if err := rows.Scan(&d.OrgID, &d.LaunchedOn, &d.DisseminatedOn, &d.DeployedOn); err != nil {
				return err
			}
			fn(&d)
		}
		return rows.Err()
	})
}

// addDeploymentRollup adds the change of an organization's deployment
// (from old to new; nil for none) to its counters and those above it.
func (tx *Tx) addDeploymentRollup(campaignID int64, path string, old, new *bontot.Deployment) error {
	d := deploymentCounts(new)
	d.plus(deploymentCounts(old), -1)
	deltas := map[int64]counts4{}
	for _, id := range bontot.PathIDs(path) {
		deltas[id] = d
	}
	return tx.applyDeploymentRollup(campaignID, deltas)
}

func (tx *Tx) applyDeploymentRollup(campaignID int64, deltas map[int64]counts4) error {
	return tx.upsertCounters(`INSERT INTO deployment_rollup (campaign_id, org_id, launched, disseminated, deployed, complete) VALUES `,
		"(?, ?, ?, ?, ?, ?)", ` ON CONFLICT (campaign_id, org_id) DO UPDATE SET
			launched = deployment_rollup.launched + excluded.launched, disseminated = deployment_rollup.disseminated + excluded.disseminated,
			deployed = deployment_rollup.deployed + excluded.deployed, complete = deployment_rollup.complete + excluded.complete`,
		[]any{campaignID}, deltas)
}

// moveDeploymentRollup moves the deployment counters of o's subtree.
func (tx *Tx) moveDeploymentRollup(o, oldParent, newParent *bontot.Org) error {
	return tx.moveRollup("deployment_rollup", "campaign_id", [4]string{"launched", "disseminated", "deployed", "complete"}, o, oldParent, newParent,
		func(key []any, deltas map[int64]counts4) error {
			return tx.applyDeploymentRollup(key[0].(int64), deltas)
		})
}

// RecountDeployments rebuilds the deployment counters from the
// deployments, for rows written around the store.
func (s *Store) RecountDeployments(ctx context.Context) error {
	return s.tx(ctx, (*Tx).recountDeployments)
}

func (tx *Tx) recountDeployments() error {
	if _, err := tx.Exec(`DELETE FROM deployment_rollup`); err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT d.campaign_id, o.path, d.launched_on, d.disseminated_on, d.deployed_on FROM deployments d JOIN orgs o ON o.id = d.org_id`)
	if err != nil {
		return err
	}
	counts := map[int64]map[int64]counts4{}
	for rows.Next() {
		var campaign int64
		var path string
		var d bontot.Deployment
		if err := rows.Scan(&campaign, &path, &d.LaunchedOn, &d.DisseminatedOn, &d.DeployedOn); err != nil {
			rows.Close()
			return err
		}
		m := counts[campaign]
		if m == nil {
			m = map[int64]counts4{}
			counts[campaign] = m
		}
		one := deploymentCounts(&d)
		for _, id := range bontot.PathIDs(path) {
			c := m[id]
			c.plus(one, 1)
			m[id] = c
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for campaign, m := range counts {
		if err := tx.applyDeploymentRollup(campaign, m); err != nil {
			return err
		}
	}
	return nil
}

// recountMovement fills both movement counters (migration 0010).
func (tx *Tx) recountMovement() error {
	if err := tx.recountRegistrations(); err != nil {
		return err
	}
	return tx.recountDeployments()
}
