// casetrail's only script: progressive enhancement, never needed to read a page.
// The upload form becomes a drop zone that sends files one at a time, each with its
// progress bar and its result; without this script the form posts all files at once.
"use strict";

(function () {
  const form = document.getElementById("work-upload");
  const list = document.getElementById("work-upload-results");
  if (!form || !list || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const input = form.querySelector('input[type="file"]');
  const zone = form.querySelector(".work-dropzone");
  const hint = form.querySelector(".work-drop-hint");
  const token = document.querySelector('meta[name="csrf-token"]');
  const maxBytes = Number(form.dataset.maxBytes);
  const maxSize = form.dataset.maxSize;
  const labels = { stored: "stored", unchanged: "already up to date", failed: "failed" };
  const badges = { stored: "badge status-released", unchanged: "badge", failed: "badge status-deceased" };
  let queue = Promise.resolve();

  form.classList.add("work-enhanced");
  if (hint) {
    hint.hidden = false;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text; // never innerHTML: names and reasons are not markup
    }
    return node;
  }

  function entry(file) {
    const item = element("li", "work-result");
    const bar = element("progress", "work-progress");
    bar.max = 100;
    bar.value = 0;
    item.append(element("span", "work-file", file.name), bar);
    list.append(item);
    return item;
  }

  function show(item, result) {
    const status = labels[result.status] ? result.status : "failed";
    item.querySelector("progress").remove();
    item.classList.add("work-" + status);
    item.append(element("span", badges[status], labels[status]));
    if (result.document_id !== null && result.document_id !== undefined) {
      const link = element("a", "", "document #" + result.document_id);
      link.href = "/documents/" + encodeURIComponent(result.document_id);
      item.append(" ", link);
    }
    if (result.reason) {
      item.append(" ", element("span", "work-reason", result.reason));
    }
  }

  function answer(request) {
    try {
      const body = JSON.parse(request.responseText);
      if (body.files && body.files.length) {
        return body.files[0];
      }
      if (body.error) {
        return { status: "failed", reason: body.error.message };
      }
    } catch (error) {
      // not JSON: an error page from before the upload was read (too large, not allowed)
    }
    if (request.responseURL.indexOf("/login") !== -1) {
      return { status: "failed", reason: "you were logged out: log in again, then upload" };
    }
    const reasons = { 403: "not allowed: reload the page and try again", 413: "too large" };
    return { status: "failed", reason: reasons[request.status] || "the server answered " + request.status };
  }

  function upload(file) {
    const item = entry(file);
    if (file.size > maxBytes) {
      show(item, { status: "failed", reason: "the file is over the upload limit of " + maxSize });
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      const request = new XMLHttpRequest();
      const data = new FormData();
      data.append("files", file, file.name);
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRF-Token", token ? token.content : "");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          item.querySelector("progress").value = Math.round((event.loaded / event.total) * 100);
        }
      });
      request.addEventListener("load", function () {
        show(item, answer(request));
        resolve();
      });
      request.addEventListener("error", function () {
        show(item, { status: "failed", reason: "the connection failed" });
        resolve();
      });
      request.send(data);
    });
  }

  function uploadAll(files) {
    Array.prototype.forEach.call(files, function (file) {
      queue = queue.then(function () {
        return upload(file);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    uploadAll(input.files);
    form.reset();
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("work-dragover");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.remove("work-dragover");
    });
  });
  // A file dropped beside the zone must not replace the page with the file.
  ["dragover", "drop"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      event.preventDefault();
    });
  });
  zone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      uploadAll(event.dataTransfer.files);
    }
  });
})();
