package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Outbox sends batches of messages one after another in a background
// goroutine, so that the request that queues them returns at once. A failed
// message is logged and counted, never retried; a batch whose messages keep
// failing (the server is down) is abandoned rather than waited out message by
// message.
type Outbox struct {
	sender  Sender
	log     *slog.Logger
	timeout time.Duration
	jobs    chan batch
	mu      sync.Mutex // guards closed and sending on jobs
	closed  bool
	done    chan struct{}
}

type batch struct {
	msgs   []*Message
	report func(sent, failed int)
}

// MessageTimeout bounds the conversation with the server for one message.
const MessageTimeout = 30 * time.Second

// giveUpAfter consecutive failures abandon the rest of a batch.
const giveUpAfter = 3

// NewOutbox starts the goroutine that sends through s, logging to log.
func NewOutbox(s Sender, log *slog.Logger) *Outbox {
	if log == nil {
		log = slog.Default()
	}
	o := &Outbox{sender: s, log: log, timeout: MessageTimeout, jobs: make(chan batch, 64), done: make(chan struct{})}
	go o.run()
	return o
}

// Send queues msgs and returns at once; report, when not nil, is called from
// the outbox's goroutine with how many were delivered and how many failed.
// It returns false, having logged why, when the outbox is closed or so far
// behind that its queue is full.
func (o *Outbox) Send(msgs []*Message, report func(sent, failed int)) bool {
	if len(msgs) == 0 {
		return true
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		o.log.Warn("e-mail not sent: the outbox is closed", "messages", len(msgs))
		return false
	}
	select {
	case o.jobs <- batch{msgs, report}:
		return true
	default:
		o.log.Warn("e-mail not sent: too many messages waiting", "messages", len(msgs))
		return false
	}
}

func (o *Outbox) run() {
	defer close(o.done)
	for b := range o.jobs {
		sent, failed, streak := 0, 0, 0
		for i, m := range b.msgs {
			if streak >= giveUpAfter {
				rest := len(b.msgs) - i
				o.log.Error("e-mail: giving up the rest of a batch after repeated failures", "abandoned", rest)
				failed += rest
				break
			}
			ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
			err := o.sender.Send(ctx, m)
			cancel()
			if err != nil {
				failed++
				streak++
				o.log.Error("e-mail not sent", "to", m.To, "err", err)
				continue
			}
			sent++
			streak = 0
		}
		if b.report != nil {
			b.report(sent, failed)
		}
	}
}

// Close stops taking messages and waits until those queued are sent, or ctx
// ends.
func (o *Outbox) Close(ctx context.Context) error {
	o.mu.Lock()
	if !o.closed {
		o.closed = true
		close(o.jobs)
	}
	o.mu.Unlock()
	select {
	case <-o.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
