import { createProduct, seed004ProductSchema, toSeed004Product } from "@/lib/catalog";
import { grpcGateway } from "@/lib/http/contracts/grpc-gateway";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Legacy payments service (004): POST /v1/product {name, description?, price | unitAmount, currency?, image?} → the product, on the catalog at once.
export const POST = route({ auth: "admin", body: seed004ProductSchema, errors: grpcGateway }, async ({ body }) => json(toSeed004Product(await createProduct(body))));
