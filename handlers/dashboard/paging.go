package dashboard

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"till"
)

// defaultPageSize is how many rows a list shows unless ?limit= says.
const defaultPageSize = 25

// listPage is the page of a list the query asks for: ?limit= rows (25
// unless given, at most 100) after ?starting_after= or before
// ?ending_before=, an id of the list.
func listPage(c *fiber.Ctx) (till.Page, error) {
	page := till.Page{Limit: defaultPageSize, StartingAfter: c.Query("starting_after"), EndingBefore: c.Query("ending_before")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return page, &till.Error{Kind: till.KindInvalid, Message: "limit must be a whole number from 1 to 100."}
		}
		page.Limit = n
	}
	return page, nil
}

// listError is a list store's error as the page answers it: a cursor that
// names no object of the account is a page that does not exist, whoever's
// object it names (404).
func listError(err error, page till.Page, objectType string) error {
	if till.ErrorKindOf(err) == till.KindInvalid && (page.StartingAfter != "" || page.EndingBefore != "") {
		return till.NotFound(objectType, page.StartingAfter+page.EndingBefore, "")
	}
	return err
}

// pageLinks are the addresses of the pages newer and older than one whose
// rows run from the id first to the id last (newest first), empty where
// there is none; more is the store's answer for the direction the page was
// read in. link makes the list's address with a cursor and, when it is not
// the default, the limit.
func pageLinks(page till.Page, more bool, first, last string, link func(cursor, id, limit string) string) (newer, older string) {
	limit := ""
	if page.Limit != defaultPageSize {
		limit = strconv.Itoa(page.Limit)
	}
	if page.StartingAfter != "" || (page.EndingBefore != "" && more) {
		newer = link("ending_before", first, limit)
	}
	if page.EndingBefore != "" || more {
		older = link("starting_after", last, limit)
	}
	return newer, older
}

// listURL is a list's address with those of the query's parameters
// (name, value) that are set.
func listURL(path string, params ...[2]string) string {
	v := url.Values{}
	for _, p := range params {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	return path + "?" + v.Encode()
}
