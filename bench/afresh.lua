-- wrk script for the logged-in pages "afresh": each request asks for the page at an
-- address of its own (an `afresh` parameter the page ignores), so the app never answers it
-- from the web process's memory of unchanged pages (recovery_college/snapshot_pages.py)
-- and runs the view every time, as it does after any write to the database.
local n = 0

request = function()
  n = n + 1
  local joiner = "?"
  if string.find(wrk.path, "?", 1, true) then
    joiner = "&"
  end
  return wrk.format(nil, wrk.path .. joiner .. "afresh=" .. n)
end
