// The server's JSON endpoints (the editor contract): errors come back as {"error": "<Vietnamese>"}.

export class Server {
  constructor(data, form) {
    this.urls = data.urls || {};
    this.header = data.csrf_header || "X-CSRFToken";
    this.form = form;
    // Uploads go one after another: several dropped files each keep their progress bar, and the
    // server (and a test server on one SQLite connection) never makes two photos at once.
    this.queue = Promise.resolve();
  }

  csrf() {
    const input = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async get(name, params) {
    const base = this.urls[name];
    if (!base) throw new Error("Chức năng này chưa sẵn sàng trên máy chủ.");
    const query = new URLSearchParams(params).toString();
    let response;
    try {
      response = await fetch(base + (base.includes("?") ? "&" : "?") + query, {
        credentials: "same-origin", headers: { Accept: "application/json" },
      });
    } catch (e) {
      throw new Error("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) { /* below */ }
    if (!response.ok || !body) {
      throw new Error((body && body.error) || `Máy chủ trả lỗi ${response.status}. Thử lại sau.`);
    }
    return body;
  }

  /** POST a multipart form with upload progress (XMLHttpRequest: fetch reports none). */
  post(name, fields, options = {}) {
    const next = this.queue.then(() => this.send(name, fields, options));
    this.queue = next.catch(() => {});
    return next;
  }

  send(name, fields, { onProgress, fallbackError } = {}) {
    const url = this.urls[name];
    return new Promise((resolve, reject) => {
      if (!url) {
        reject(new Error("Chức năng này chưa sẵn sàng trên máy chủ."));
        return;
      }
      const body = new FormData();
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && value !== null) body.append(key, value);
      }
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader(this.header, this.csrf());
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
      });
      xhr.addEventListener("load", () => {
        let data = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch (e) { /* below */ }
        if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data);
        else reject(new Error((data && data.error) || fallbackError || `Máy chủ trả lỗi ${xhr.status}.`));
      });
      xhr.addEventListener("error", () => reject(new Error("Mất kết nối với máy chủ khi tải lên. Thử lại.")));
      xhr.send(body);
    });
  }
}
