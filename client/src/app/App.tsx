import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { BrowserRouter } from "react-router";
import { Toaster } from "../components/ui/Toast";
import { TooltipProvider } from "../components/ui/Tooltip";
import { AuthProvider } from "../features/auth";
import { createQueryClient } from "../lib/query";
import { AppRoutes } from "./routes";

export function App() {
  const [qc] = useState(createQueryClient);
  return (
    <QueryClientProvider client={qc}>
      <TooltipProvider>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
        <Toaster />
      </TooltipProvider>
    </QueryClientProvider>
  );
}
