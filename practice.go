package bontot

import (
	"strings"
	"time"
)

// Practice is a good practice (cách làm hay) a unit recorded in a campaign
// year; the interim and final reviews list them.
type Practice struct {
	ID          int64
	CampaignID  int64
	Year        int
	OrgID       int64
	OrgName     string
	OrgPath     string
	Title       string
	Description string
	Username    string
	CreatedAt   time.Time
}

// Normalize cleans the text fields.
func (p *Practice) Normalize() {
	p.Title = strings.Join(strings.Fields(p.Title), " ")
	p.Description = strings.TrimSpace(p.Description)
}

// Validate checks what a user enters.
func (p *Practice) Validate() error {
	fe := FieldErrors{}
	if p.Title == "" {
		fe.Add("title", "Vui lòng nhập tên cách làm hay.")
	} else if len([]rune(p.Title)) > 200 {
		fe.Add("title", "Tên cách làm hay dài tối đa 200 ký tự.")
	}
	if len([]rune(p.Description)) > 5000 {
		fe.Add("description", "Phần mô tả dài tối đa 5.000 ký tự.")
	}
	return fe.Err()
}
