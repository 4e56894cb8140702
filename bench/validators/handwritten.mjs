// Hand-written validators for the bench shapes: what a careful engineer writes without a library.
const str = (v) => typeof v === "string";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const email = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]+$/;
const obj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

export function flat(v) {
  return (
    obj(v) &&
    str(v.sender) &&
    v.sender.length >= 1 &&
    str(v.recipient) &&
    v.recipient.length >= 1 &&
    Number.isInteger(v.amount) &&
    v.amount >= 0 &&
    v.amount < 2 ** 64 &&
    (v.token_type === "ETH" || v.token_type === "USDC") &&
    (v.memo === undefined || (str(v.memo) && v.memo.length <= 140))
  );
}

function item(i) {
  if (!obj(i) || !str(i.sku) || !Number.isInteger(i.qty) || i.qty < 0 || i.qty > 4294967295) return false;
  if (typeof i.price !== "number" || !(i.price >= 0)) return false;
  if (i.note !== undefined && !str(i.note)) return false;
  if (!Array.isArray(i.tags)) return false;
  for (const t of i.tags) if (!str(t)) return false;
  return true;
}

export function nested(v) {
  if (!obj(v) || !str(v.id) || !uuid.test(v.id)) return false;
  const c = v.customer;
  if (!obj(c) || !str(c.name) || (c.email !== undefined && !(str(c.email) && email.test(c.email))))
    return false;
  if (!Array.isArray(v.items)) return false;
  for (const i of v.items) if (!item(i)) return false;
  if (
    v.shipping !== undefined &&
    !(obj(v.shipping) && str(v.shipping.address) && typeof v.shipping.express === "boolean")
  )
    return false;
  if (!obj(v.meta)) return false;
  for (const k in v.meta) if (!str(v.meta[k])) return false;
  return v.status === "open" || v.status === "paid" || v.status === "shipped";
}

export function event(v) {
  if (!obj(v) || !str(v.id)) return false;
  switch (v.type) {
    case "created":
    case "deleted":
      return true;
    case "updated":
      return Array.isArray(v.fields) && v.fields.every(str);
    case "moved":
      return str(v.to);
    case "archived":
      return typeof v.at === "number";
    case "restored":
      return v.by === undefined || str(v.by);
    default:
      return false;
  }
}

export function tree(v) {
  if (!obj(v) || !str(v.label) || typeof v.value !== "number" || !Array.isArray(v.children)) return false;
  for (const c of v.children) if (!tree(c)) return false;
  return true;
}

export function catalog(v) {
  if (!obj(v) || !str(v.store) || v.store.length < 1 || !Array.isArray(v.products)) return false;
  for (const p of v.products) {
    if (!obj(p) || !Number.isInteger(p.id) || p.id < 0 || p.id > 4294967295) return false;
    if (!str(p.name) || p.name.length < 1 || typeof p.price !== "number" || !(p.price >= 0)) return false;
    if (typeof p.inStock !== "boolean" || (p.rating !== undefined && typeof p.rating !== "number"))
      return false;
  }
  return true;
}

export function deep(v) {
  for (let level = 0; level < 6; level++) {
    if (!obj(v) || !str(v.name) || !Number.isInteger(v.level) || v.level < 0 || v.level > 4294967295)
      return false;
    if (v.note !== undefined && !str(v.note)) return false;
    v = v.next;
  }
  return (
    obj(v) &&
    str(v.name) &&
    typeof v.value === "number" &&
    typeof v.flag === "boolean" &&
    (v.note === undefined || str(v.note))
  );
}

const point = (p) => obj(p) && typeof p.x === "number" && typeof p.y === "number";

export function figure(v) {
  if (!obj(v)) return false;
  if (point(v.center) && typeof v.radius === "number") return true;
  if (point(v.origin) && typeof v.width === "number" && typeof v.height === "number") return true;
  if (!Array.isArray(v.points) || typeof v.closed !== "boolean") return false;
  for (const p of v.points) if (!point(p)) return false;
  return true;
}
