package web_test

import (
	"strings"
	"testing"
)

// The home page lists what is due: the secretary's self-assessment of the
// year under way (the demo's 2025, whose deadline has passed), and the
// board's units that have not submitted.
func TestHomeShowsWhatIsDue(t *testing.T) {
	f := MustFixture(t)
	_, body := f.MustLogin(t, "bithu.tdp4").get("/")
	for _, want := range []string{"Việc cần làm", "Tự đánh giá “4 tốt” năm 2025 của Chi bộ TDP 4", "quá hạn từ 15/12/2025", `href="/assessments/`,
		"Chưa ghi biên bản sinh hoạt chi bộ định kỳ tháng", `href="/meetings/new?org=`} {
		if !strings.Contains(body, want) {
			t.Errorf("the secretary's home page lacks %q", want)
		}
	}
	_, body = f.MustLogin(t, "bantochuc").get("/")
	for _, want := range []string{"chưa gửi tự đánh giá năm 2025 dù đã quá hạn", "chờ thẩm định", "Xem và đôn đốc"} {
		if !strings.Contains(body, want) {
			t.Errorf("the board's home page lacks %q", want)
		}
	}
	// A party member has nothing to assess.
	_, body = f.MustLogin(t, "dangvien").get("/")
	if strings.Contains(body, "Việc cần làm") {
		t.Errorf("a party member sees a to-do list")
	}
}
