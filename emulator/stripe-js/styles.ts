/** The stand-in's stylesheet (Elements and the 3-D Secure dialog), installed once per page. */

let stylesInstalled = false;
export function installStyles(): void {
  if (stylesInstalled) return;
  stylesInstalled = true;
  const style = document.createElement("style");
  style.setAttribute("data-stripe-emulator", "");
  style.textContent = `
.emu-stripe{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;color:#30313d;display:grid;gap:12px}
.emu-stripe__row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}
.emu-stripe__field{display:flex;flex-direction:column;gap:4px;min-width:0}
.emu-stripe__field label{font-size:13px;color:#30313d}
.emu-stripe__field input,.emu-stripe__field select{box-sizing:border-box;width:100%;min-width:0;font:inherit;padding:10px 12px;border:1px solid #e6e6e6;border-radius:5px;box-shadow:0 1px 1px rgba(0,0,0,.03),0 3px 6px rgba(0,0,0,.02);outline:none;background:#fff;color:#30313d}
.emu-stripe__field input:focus{border-color:#0570de;box-shadow:0 0 0 3px rgba(5,112,222,.25)}
.emu-stripe__field input[aria-invalid=true]{border-color:#df1b41;color:#df1b41}
.emu-stripe__error{color:#df1b41;font-size:13px;min-height:0}
.emu-stripe__badge{font-size:11px;color:#6d6e78}
.emu-3ds__box{background:#fff;color:#30313d;border:0;border-radius:8px;padding:24px 28px;max-width:420px;width:calc(100% - 32px);box-sizing:border-box;box-shadow:0 10px 40px rgba(0,0,0,.3);font-family:system-ui,sans-serif}
.emu-3ds__box::backdrop{background:rgba(10,20,40,.55)}
.emu-3ds__box h2{margin:0 0 12px;font-size:18px}
.emu-3ds__box p{margin:0 0 20px;color:#444;line-height:1.4}
.emu-3ds__box button{font:inherit;padding:8px 18px;margin-right:8px;border-radius:5px;border:1px solid #ccc;background:#f6f8fa;cursor:pointer}
.emu-3ds__box button.primary{background:#635bff;color:#fff;border-color:#635bff}`;
  (document.head || document.body).appendChild(style);
}

