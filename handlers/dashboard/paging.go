package dashboard

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"till"
)

// defaultPageSize is how many rows a list shows unless ?limit= asks for
// another number.
const defaultPageSize = 25

// listPage is the page of a list its query asks for: ?limit= rows (1 to
// 100), after the row ?starting_after= names or before ?ending_before='s.
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

// pageLimit is the ?limit= a list's links keep: none for the default.
func pageLimit(page till.Page) string {
	if page.Limit == defaultPageSize {
		return ""
	}
	return strconv.Itoa(page.Limit)
}

// unknownCursor turns a store's refusal of a cursor (an id of no object of
// the account) into the page's absence, whoever's object it names.
func unknownCursor(err error, page till.Page, objectType string) error {
	if till.ErrorKindOf(err) == till.KindInvalid && (page.StartingAfter != "" || page.EndingBefore != "") {
		return till.NotFound(objectType, page.StartingAfter+page.EndingBefore, "")
	}
	return err
}

// pageLinks are the links of a list page with rows to the newer and older
// pages (empty when there is none): first and last are its rows' ids, more
// whether the store found rows beyond the page in the direction it read,
// and link makes a link from its cursor parameter and id.
func pageLinks(page till.Page, more bool, first, last string, link func(cursor, id string) string) (newer, older string) {
	if page.StartingAfter != "" || (page.EndingBefore != "" && more) {
		newer = link("ending_before", first)
	}
	if page.EndingBefore != "" || more {
		older = link("starting_after", last)
	}
	return newer, older
}

// listURL makes the page links of the list at path: its filters (names
// and values in pairs; the empty ones left out), the page's limit and the
// cursor.
func listURL(path string, page till.Page, filters ...string) func(cursor, id string) string {
	return func(cursor, id string) string {
		v := url.Values{}
		for i := 0; i+1 < len(filters); i += 2 {
			if filters[i+1] != "" {
				v.Set(filters[i], filters[i+1])
			}
		}
		if l := pageLimit(page); l != "" {
			v.Set("limit", l)
		}
		v.Set(cursor, id)
		return path + "?" + v.Encode()
	}
}
