package dev.litescope.guestbook;

/** The guestbook page. Every piece of stored text goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(Page page) {
        StringBuilder html = new StringBuilder(4096 + page.entries().size() * 256);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Guestbook</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 44rem; padding: 1rem; }
                  form { display: grid; gap: .5rem; margin-bottom: 1.5rem; }
                  label { display: grid; gap: .2rem; }
                  input, textarea, button { font: inherit; padding: .4rem; }
                  ol { list-style: none; padding: 0; }
                  li { border-top: 1px solid #ddd; padding: .6rem 0; }
                  .meta { color: #555; font-size: .9rem; margin: 0 0 .3rem; }
                  .message { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
                </style>
                </head>
                <body>
                <h1>Guestbook</h1>
                <p>A SQLite database on Cloud Run, replicated to Cloud Storage by a Litestream sidecar.</p>
                <form method="post" action="/entries" accept-charset="UTF-8">
                  <label>Name <input name="name" maxlength="100" required></label>
                  <label>Message <textarea name="message" rows="3" maxlength="1000" required></textarea></label>
                  <button type="submit">Sign the guestbook</button>
                </form>
                """);
        html.append("<h2>").append(page.count()).append(page.count() == 1 ? " entry" : " entries");
        if (page.count() > page.entries().size()) {
            html.append(", the newest ").append(page.entries().size());
        }
        html.append("</h2>\n<ol>\n");
        for (Entry e : page.entries()) {
            html.append("<li id=\"entry-").append(e.id()).append("\"><p class=\"meta\"><strong>")
                    .append(escape(e.name())).append("</strong> · <time datetime=\"")
                    .append(escape(e.createdAt())).append("\">").append(escape(e.createdAt()))
                    .append("</time> · #").append(e.id()).append("</p>\n<p class=\"message\">")
                    .append(escape(e.message())).append("</p></li>\n");
        }
        return html.append("</ol>\n</body>\n</html>\n").toString();
    }
}
