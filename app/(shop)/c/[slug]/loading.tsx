import CatalogLoading from "../../(catalog)/loading";

/** A category page loads in the catalog's shape. */
export default CatalogLoading;
