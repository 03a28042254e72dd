package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"text/template"

	"bontot"
	"bontot/mail"
)

// The e-mail copy of a reminder: when the server sends e-mail (Config.Mail),
// every person who sees a reminded unit's home page and has an address gets
// one e-mail per reminder, naming their units. Sending happens in the
// outbox's goroutine; the request only reads the recipients and queues, and
// a failure is logged and counted in the audit log, never shown as a failed
// reminder.

// mailUnitsNamed is how many units an e-mail names before "and N others".
const mailUnitsNamed = 5

func loadMailTemplates() (*template.Template, error) {
	t, err := template.New("").Funcs(template.FuncMap{"join": strings.Join}).ParseFS(assets, "templates/reminder_mail.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"units", "subject", "body"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("web: templates/reminder_mail.txt lacks %q", name)
		}
	}
	return t, nil
}

// reminderMail is what the e-mail templates show.
type reminderMail struct {
	Name      string // the recipient's
	Sender    string // the full name of who sent the reminder
	SenderOrg string // the organization whose late list it was sent from
	Text      string
	Link      string // the application's home page, where the reminder shows; empty when no base URL is set
	Units     []string
	More      int
}

// mailReminder queues the e-mails of a reminder just sent to orgIDs and
// returns how many it queued (0 when e-mail is off).
func (s *Server) mailReminder(r *http.Request, from *bontot.Org, orgIDs []int64, text string) int {
	if s.mail == nil {
		return 0
	}
	rcpts, err := s.store.Recipients(r.Context(), orgIDs)
	if err != nil {
		s.log.Error("reminder e-mail: reading the recipients", "err", err)
		return 0
	}
	a, sender := actor(r), userFrom(r).FullName
	var msgs []*mail.Message
	for i := 0; i < len(rcpts); {
		j := i
		d := reminderMail{Name: rcpts[i].FullName, SenderOrg: from.Name, Sender: sender, Text: strings.Join(strings.Fields(text), " ")}
		if s.baseURL != "" {
			d.Link = s.baseURL + "/"
		}
		for ; j < len(rcpts) && rcpts[j].Email == rcpts[i].Email; j++ { // Recipients come by address
			if len(d.Units) < mailUnitsNamed {
				d.Units = append(d.Units, rcpts[j].OrgName)
			} else {
				d.More++
			}
		}
		var subject, body bytes.Buffer
		if err := s.mailText.ExecuteTemplate(&subject, "subject", d); err != nil {
			s.log.Error("reminder e-mail: template", "err", err)
			return 0
		}
		if err := s.mailText.ExecuteTemplate(&body, "body", d); err != nil {
			s.log.Error("reminder e-mail: template", "err", err)
			return 0
		}
		msgs = append(msgs, &mail.Message{To: rcpts[i].Email, ToName: rcpts[i].FullName, Subject: subject.String(), Body: body.String()})
		i = j
	}
	if len(msgs) == 0 {
		return 0
	}
	report := func(sent, failed int) {
		summary := fmt.Sprintf("E-mail nhắc nhở của %s: đã gửi %d/%d thư", from.Name, sent, sent+failed)
		if failed > 0 {
			summary += fmt.Sprintf(", %d thư không gửi được (xem nhật ký máy chủ)", failed)
		}
		if err := s.store.Audit(context.Background(), a, "notification.mail", "org", from.ID, from.Path, summary); err != nil {
			s.log.Error("reminder e-mail: writing the audit entry", "err", err)
		}
	}
	if !s.mail.Send(msgs, report) {
		return 0
	}
	return len(msgs)
}
