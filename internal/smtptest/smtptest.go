// Package smtptest runs a tiny SMTP server on 127.0.0.1 for tests: EHLO,
// AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT, without TLS (net/smtp
// lets PLAIN authentication through to localhost), or with STARTTLS and a
// self-signed certificate (StartTLS). It keeps every message it accepts, and
// can refuse recipients to play a failing server.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one message the server accepted.
type Message struct {
	From           string
	To             []string
	Data           []byte
	User, Password string // from AUTH PLAIN, empty without it
	TLS            bool   // the message came after STARTTLS
}

// Server is a running test server.
type Server struct {
	Addr    string
	ln      net.Listener
	mu      sync.Mutex
	conns   int
	msgs    []Message
	reject  string
	arrived chan struct{}
	wg      sync.WaitGroup
	tls     *tls.Config // offers STARTTLS when set
	// RootCAs trusts the server's certificate (StartTLS only).
	RootCAs *x509.CertPool
}

// Start starts a server without TLS, stopped when the test ends.
func Start(tb testing.TB) *Server { return start(tb, false) }

// StartTLS starts a server that offers STARTTLS with a fresh self-signed
// certificate for 127.0.0.1, which RootCAs trusts.
func StartTLS(tb testing.TB) *Server { return start(tb, true) }

func start(tb testing.TB, withTLS bool) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, arrived: make(chan struct{}, 1000)}
	if withTLS {
		cert, pool, err := selfSigned()
		if err != nil {
			tb.Fatal(err)
		}
		s.tls, s.RootCAs = &tls.Config{Certificates: []tls.Certificate{cert}}, pool
	}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// Reject makes the server answer every RCPT TO with reply, such as
// "550 5.1.1 mailbox unavailable".
func (s *Server) Reject(reply string) {
	s.mu.Lock()
	s.reject = reply
	s.mu.Unlock()
}

// Connections is how many connections the server has accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits up to 10 seconds for n messages in all and returns them.
func (s *Server) Wait(tb testing.TB, n int) []Message {
	tb.Helper()
	deadline := time.After(10 * time.Second)
	for len(s.Messages()) < n {
		select {
		case <-s.arrived:
		case <-deadline:
			tb.Fatalf("smtptest: %d messages arrived, want %d", len(s.Messages()), n)
		}
	}
	return s.Messages()
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns++
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(30 * time.Second))
			s.serve(c)
		}()
	}
}

func (s *Server) serve(c net.Conn) {
	tp := textproto.NewConn(c)
	reply := func(line string) bool { return tp.PrintfLine("%s", line) == nil }
	var m Message
	var user, password string
	secure := false
	if !reply("220 localhost ESMTP smtptest") {
		return
	}
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			m = Message{}
			if s.tls != nil && !secure {
				reply("250-localhost\r\n250-8BITMIME\r\n250-STARTTLS\r\n250 AUTH PLAIN")
			} else {
				reply("250-localhost\r\n250-8BITMIME\r\n250 AUTH PLAIN")
			}
		case "STARTTLS":
			if s.tls == nil || secure {
				reply("502 5.5.1 not offered")
				continue
			}
			reply("220 2.0.0 ready to start TLS")
			tc := tls.Server(c, s.tls)
			if tc.Handshake() != nil {
				return
			}
			c, secure = tc, true
			tp = textproto.NewConn(c)
			user, password = "", ""
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") {
				reply("504 5.5.4 unknown mechanism")
				continue
			}
			if resp == "" {
				reply("334 ")
				if resp, err = tp.ReadLine(); err != nil {
					return
				}
			}
			b, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if err != nil || len(parts) != 3 {
				reply("501 5.5.2 bad PLAIN response")
				continue
			}
			user, password = parts[1], parts[2]
			reply("235 2.7.0 authenticated")
		case "MAIL":
			m = Message{From: address(arg), User: user, Password: password, TLS: secure}
			reply("250 2.1.0 ok")
		case "RCPT":
			s.mu.Lock()
			reject := s.reject
			s.mu.Unlock()
			if reject != "" {
				reply(reject)
				continue
			}
			m.To = append(m.To, address(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			if len(m.To) == 0 {
				reply("554 5.5.1 no valid recipients")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			if m.Data, err = tp.ReadDotBytes(); err != nil {
				return
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
			s.arrived <- struct{}{}
			m = Message{User: user, Password: password, TLS: secure}
			reply("250 2.0.0 queued")
		case "RSET":
			m = Message{User: user, Password: password, TLS: secure}
			reply("250 2.0.0 ok")
		case "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 not implemented")
		}
	}
}

// address takes the address out of "FROM:<a@b> BODY=8BITMIME".
func address(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	a, _, _ := strings.Cut(rest, ">")
	return a
}

// Decode reads the message as a mail reader would: its headers, the subject
// with RFC 2047 encoded words decoded, and the body decoded from its
// Content-Transfer-Encoding.
func (m Message) Decode() (h netmail.Header, subject, body string, err error) {
	msg, err := netmail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		return nil, "", "", err
	}
	var dec mime.WordDecoder
	if subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, "", "", err
	}
	r := msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	return msg.Header, subject, string(b), err
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
