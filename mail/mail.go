// Package mail sends e-mail through a configured SMTP server, with the
// standard library's net/smtp. It knows nothing of the rest of the program:
// web builds the messages and hands them to an Outbox, which sends them in
// the background so that no request waits for a mail server.
//
// Messages are UTF-8 plain text: the subject and the names in the address
// headers are RFC 2047 encoded words, the body is text/plain; charset=utf-8
// in quoted-printable, so that Vietnamese diacritics survive any relay.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/smtp"
	"strings"
	"time"
)

// Message is one e-mail to one person.
type Message struct {
	To      string // the address
	ToName  string // the person's name, optional
	Subject string
	Body    string // plain text, lines separated by \n
}

// Sender delivers one message, or says why it could not.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// SMTP sends through an SMTP server: STARTTLS whenever the server offers it
// (port 465 speaks TLS from the first byte), and PLAIN authentication when a
// user is set, which net/smtp refuses over an unencrypted connection except
// to localhost. Each message uses its own connection.
type SMTP struct {
	addr, host string
	from       *netmail.Address
	user       string
	password   string
	// TLSConfig, when set, is used for STARTTLS and port 465 instead of
	// verifying the server's certificate against the system roots.
	TLSConfig *tls.Config
}

// NewSMTP checks the settings of an SMTP server: addr is host:port, from the
// sender's address (a bare address or "Name <address>"); user and password
// may be empty for a server that relays without authentication.
func NewSMTP(addr, from, user, password string) (*SMTP, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || port == "" {
		return nil, fmt.Errorf("mail: the SMTP address %q is not host:port", addr)
	}
	if from == "" {
		return nil, errors.New("mail: the sender's address (-smtp-from, BONTOT_SMTP_FROM) is required to send e-mail")
	}
	f, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: the sender's address %q: %v", from, err)
	}
	if password != "" && user == "" {
		return nil, errors.New("mail: an SMTP password is set without a user (-smtp-user, BONTOT_SMTP_USER)")
	}
	return &SMTP{addr: addr, host: host, from: f, user: user, password: password}, nil
}

// String describes the server for logs, without the password.
func (s *SMTP) String() string {
	if s.user == "" {
		return fmt.Sprintf("smtp://%s from %s", s.addr, s.from.Address)
	}
	return fmt.Sprintf("smtp://%s@%s from %s", s.user, s.addr, s.from.Address)
}

// Send delivers m. The context bounds the whole conversation.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("mail: recipient %q: %v", m.To, err)
	}
	to.Name = m.ToName
	msg := Format(s.from, to, m.Subject, m.Body, time.Now())

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // unblocks a server that stops answering
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.host}
	}
	if _, port, _ := net.SplitHostPort(s.addr); port == "465" {
		conn = tls.Client(conn, tlsConfig)
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return fmt.Errorf("mail: %s: %w", s.addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("mail: STARTTLS with %s: %w", s.addr, err)
		}
	}
	if s.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("mail: %s does not offer authentication", s.addr)
		}
		if err := c.Auth(smtp.PlainAuth("", s.user, s.password, s.host)); err != nil {
			return fmt.Errorf("mail: authenticating as %s at %s: %w", s.user, s.addr, err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("mail: RCPT TO %s: %w", to.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: message to %s refused: %w", to.Address, err)
	}
	return c.Quit()
}

// Format builds the message text: RFC 5322 headers with the subject and
// names as RFC 2047 encoded words, and a quoted-printable UTF-8 body.
func Format(from, to *netmail.Address, subject, body string, date time.Time) []byte {
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", fold(mime.QEncoding.Encode("utf-8", strings.Join(strings.Fields(subject), " "))))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b) // turns each \n into CRLF and keeps lines under 76 characters
	qp.Write([]byte(strings.ReplaceAll(body, "\r\n", "\n")))
	qp.Close()
	return b.Bytes()
}

// fold puts each encoded word of a long header on its own continuation line;
// the space between two encoded words is not part of the text.
func fold(encoded string) string { return strings.ReplaceAll(encoded, "?= =?", "?=\r\n =?") }

func messageID(from string) string {
	b := make([]byte, 12)
	rand.Read(b)
	domain := "bontot.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		domain = from[i+1:]
	}
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}
