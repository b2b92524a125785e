package till

import (
	"testing"
	"time"
)

func TestHomePeriodAt(t *testing.T) {
	now := time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC).Unix()
	p := HomePeriodAt(now)
	days := p.Days()
	if p.Today != time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC).Unix() || p.To != p.Today+86400 ||
		p.From != time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Unix() || len(days) != HomeDays ||
		days[0] != p.From || days[len(days)-1] != p.Today {
		t.Errorf("HomePeriodAt(%d) = %+v with %d days", now, p, len(days))
	}
	if next := HomePeriodAt(now + 1); next.Today != p.To {
		t.Errorf("a second after midnight: today starts at %d, want %d", next.Today, p.To)
	}
}

func TestConversion(t *testing.T) {
	if _, ok := (SessionCounts{}).Conversion(); ok {
		t.Error("a conversion of no sessions")
	}
	if r, ok := (SessionCounts{Created: 8, Completed: 5}).Conversion(); !ok || r != 0.625 {
		t.Errorf("5 of 8: %v %v", r, ok)
	}
}
