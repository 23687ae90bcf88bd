package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectLangOnFixtures(t *testing.T) {
	want := map[string]string{
		"athens-water-reform":                     "el",
		"novosibirsk-science-city":                "ru",
		"lyon-night-trains":                       "fr",
		"hamburg-harbour-automation":              "de",
		"mekong-delta-salinity":                   "vi",
		"baltic-energy-islands":                   "en",
		"illusions-of-moscow-tokyo-rapprochement": "en",
	}
	for id, lang := range want {
		path := filepath.Join("..", "source", "archive", id+".txt")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseText(data)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if a.Lang != lang {
			t.Errorf("%s: detected %q, want %q", id, a.Lang, lang)
		}
	}
}

func TestDetectLang(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"The minister said that the plan is not ready and it was delayed.", "en"},
		{"Der Minister sagte, dass der Plan nicht fertig ist und sich verzögert.", "de"},
		{"Le ministre a dit que le plan n'est pas prêt et qu'il est retardé dans les faits.", "fr"},
		{"El ministro dijo que el plan no está listo y que se retrasa por los costes.", "es"},
		{"Il ministro ha detto che il piano non è pronto e che sono in ritardo.", "it"},
		{"O ministro disse que o plano não está pronto e que os custos são altos.", "pt"},
		{"De minister zei dat het plan niet klaar is en dat het ook duurder wordt.", "nl"},
		{"Москва и Токио снова не договорились.", "ru"},
		{"東京の夜行列車は、今も多くの人に愛されている。", "ja"},
		{"深圳港的集装箱吞吐量连续三年增长。", "zh"},
		{"부산의 여객선은 오늘도 바다를 건넌다.", "ko"},
		{"מתקן ההתפלה בחיפה מספק מים לחצי מיליון תושבים.", "he"},
		{"تواجه عمّان أزمة مياه متفاقمة.", "ar"},
		{"The desk in London quoted 東京 and Москва once each.", "en"},
		{"Η Αθήνα ξανασκέφτεται κάθε σταγόνα νερού.", "el"},
		{"", ""},
		{"12 345 678", ""},
		{"Putin Abe Kurile", ""}, // names only: no evidence
		{strings.Repeat("Xyzzy plugh ", 50), ""},
	} {
		if got := DetectLang(c.text); got != c.want {
			t.Errorf("DetectLang(%.40q) = %q, want %q", c.text, got, c.want)
		}
	}
}
