-- Drives balmod from a real Neovim (0.7 or newer) on the bundled example and writes what
-- the editor shows to the file named by $BALMOD_SMOKE_OUT, one fact per line.
local examples = os.getenv("BALMOD_EXAMPLES")
local out = {}
local function log(s) table.insert(out, s) end
local client_id = vim.lsp.start_client({
  name = "balmod",
  cmd = { os.getenv("BALMOD_PYTHON"), "-m", "balmod", "serve" },
  root_dir = examples .. "/hello_world",
  init_options = { ballerinaHome = examples .. "/ballerina-home", userHome = examples .. "/user-home" },
})
vim.cmd("edit " .. examples .. "/hello_world/main.bal")
vim.lsp.buf_attach_client(0, client_id)
vim.wait(15000, function() return #vim.diagnostic.get(0) >= 4 end, 20)
for _, d in ipairs(vim.diagnostic.get(0)) do
  log(string.format("diagnostic %d:%d %s", d.lnum + 1, d.col + 1, d.code or ""))
end
local function request(method, line, col, extra)
  local params = vim.lsp.util.make_position_params()
  params.position = { line = line, character = col }
  for k, v in pairs(extra or {}) do params[k] = v end
  local res = vim.lsp.buf_request_sync(0, method, params, 10000)
  return res and res[client_id] and res[client_id].result
end
local hover = request("textDocument/hover", 4, 12)
log("hover " .. (hover and hover.contents.value:match("^[^\n]*") or "none"))
local completion = request("textDocument/completion", 26, 7)
local found = "none"
for _, item in ipairs(completion and completion.items or {}) do
  if item.label == "println" then found = item.label end
end
log("completion " .. found)
local definition = request("textDocument/definition", 26, 8)
log("definition " .. (definition and definition[1] and definition[1].uri:match("[^/]+$") or "none"))
local here = { start = { line = 5, character = 10 }, ["end"] = { line = 5, character = 10 } }
local actions = request("textDocument/codeAction", 5, 10, { range = here, context = { diagnostics = {} } })
log("action " .. (actions and actions[1] and actions[1].title or "none"))
vim.fn.writefile(out, os.getenv("BALMOD_SMOKE_OUT"))
vim.cmd("qa!")
