package tui

import (
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
)

const testAppKey = "0000111122223333444455556666777788889999"

// ctrl+l on the cost step reads the account's live values through the real
// client from a loopback Datadog: the tag values seen and the account's
// custom metrics go into the profile, marked as live, and the card shows
// the live volume beside the projection. No key is ever shown.
func TestCostStepPullsLiveValues(t *testing.T) {
	in := sendertest.NewIntake(t, sendertest.WithKey(testKey), sendertest.WithAppKey(testAppKey))
	in.SetMetric("feature.exposure.count", sendertest.MetricState{
		Tags:    []string{"environment:prod", "environment:staging", "environment:dev", "name:a", "name:b", "value:on"},
		Indexed: 6,
	})
	in.SetTopMetrics([]sendertest.TopMetric{{Name: "other.metric", Avg: 1200, Max: 1300}})
	o := presetOptions(t, "exposure-counter")
	o.Getenv = func(k string) string {
		return map[string]string{"DD_API_KEY": testKey, "DD_APP_KEY": testAppKey}[k]
	}
	o.Send = sender.Options{APIURL: in.URL}
	h := newHarness(t, o, 140, 45)
	h.goTo(stepCost)
	h.keys("ctrl+l")
	h.mustSee("live values read")
	if got := h.m.s.doc.Get("x-rk-tui.profile.tag_values.environment").Int(); got != 3 {
		t.Errorf("tag values of environment = %d, want the 3 seen", got)
	}
	if got := h.m.s.doc.Get("x-rk-tui.profile.existing").Int(); got != 1200 {
		t.Errorf("existing = %d, want the account's 1200", got)
	}
	h.mustSee("● live")
	h.mustSee("live 6")
	h.focusField("existing")
	h.mustSee("● live: read from the account at")
	if s := h.screen(); strings.Contains(s, testKey) || strings.Contains(s, testAppKey) {
		t.Fatal("a key is on the screen")
	}
}

func TestLiveValuesNeedTheApplicationKey(t *testing.T) {
	h := newHarness(t, withKey(presetOptions(t, "exposure-counter")), 140, 45)
	h.goTo(stepCost)
	h.keys("ctrl+l")
	h.mustSee("DD_APP_KEY")
}
