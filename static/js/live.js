// Live updates (coflight.live): the stream's address remembers the last event this page has,
// so that when htmx's SSE extension opens a new connection (after the server refused one, say)
// it asks for what it missed rather than starting again from the page as first loaded.
document.addEventListener("htmx:sseMessage", function (event) {
  var id = event.detail && event.detail.lastEventId;
  var source = event.target.closest("[sse-connect]");
  if (!id || !source) return;
  var address = new URL(source.getAttribute("sse-connect"), window.location.href);
  address.searchParams.delete("revision");
  address.searchParams.set("after", id);
  source.setAttribute("sse-connect", address.pathname + address.search);
});
